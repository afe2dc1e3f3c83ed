## attachments: отказы, связанные с потоковыми вложениями (issue 13)

refusal-attachment-not-own = случай { $case } предоставлен { $provider }; прикрепить к нему файл может только его источник
refusal-attachment-too-many = к случаю { $case } уже прикреплено потоковых вложений: { $limit } — это максимум для одного случая
refusal-attachment-unreadable = { $path } не является файлом, который этот узел может прочитать
refusal-attachment-bad-id = { $id } не является идентификатором вложения (64 шестнадцатеричных символа)
refusal-attachment-incomplete = вложение { $name } ({ $id }) на этом узле еще не получено полностью
refusal-attachment-upload-interrupted = загрузка прервалась до того, как пришёл весь файл: { $why }
refusal-attachment-upload-too-large = файл больше { $limit } байт — максимума для потокового вложения
refusal-attachment-refetch-own = вложение { $name } ({ $id }) — собственный файл этого узла: его ни у кого не запрашивают
refusal-attachment-refetch-not-failed = вложение { $name } ({ $id }) не завершилось ошибкой: заново запрашивается только файл с ошибкой

## страница случая: его большие файлы (issue 13)

case-files = Большие файлы
case-files-none = В этом случае нет больших файлов.
case-file-name = Файл
case-file-type = Тип
case-file-size = Размер
case-file-state = На этом узле
case-file-complete = Получен полностью
case-file-failed = Ошибка: полученные части не составляют этот файл
case-file-fetching = Получение: { $percent } % ({ $held }/{ $chunks })
case-file-download = Скачать
case-file-refetch = Получить заново
case-file-add = Прикрепить большой файл
case-file-add-hint = (видео, сканы документов: отправляется запечатанными частями каждому государству, у которого есть случай)
case-file-attach = Прикрепить файл
case-file-missing = Выберите файл для прикрепления.
