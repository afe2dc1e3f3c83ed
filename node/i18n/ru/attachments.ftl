## attachments: отказы, связанные с потоковыми вложениями (issue 13)

refusal-attachment-not-own = случай { $case } предоставлен { $provider }; прикрепить к нему файл может только его источник
refusal-attachment-too-many = к случаю { $case } уже прикреплено потоковых вложений: { $limit } — это максимум для одного случая
refusal-attachment-unreadable = { $path } не является файлом, который этот узел может прочитать
refusal-attachment-bad-id = { $id } не является идентификатором вложения (64 шестнадцатеричных символа)
refusal-attachment-incomplete = вложение { $name } ({ $id }) на этом узле еще не получено полностью
