# dief web interface: the admin pages (ru).
# Администрирование (/admin), журнал аудита (/audit), справочник контактов (/contacts).

admin-title = Администрирование
admin-see-also = Связанные страницы
admin-secretariat = Секретариат
admin-secretariat-only = Списком участников управляет только Секретариат.

## Итог последнего действия
admin-done-acknowledged = Предупреждение принято к сведению.
admin-done-retried = Отложенные отправления снова поставлены в очередь.
admin-done-published = Список подписан и разослан всем членам.
admin-done-drafted = Ключа списка на этом узле нет: изменение сохранено только как проект. Подпишите проект там, где хранится ключ списка, с помощью утилиты командной строки, а затем опубликуйте подписанный список.

## Ключи
admin-keys = Ключи этого узла
admin-keys-signing = Ключ подписи (отпечаток)
admin-keys-encryption = Ключ шифрования (идентификатор)
admin-keys-retired = Выведенные из употребления ключи шифрования
admin-keys-grace = { $days ->
    [one] Хранятся { $days } день после смены ключей, затем уничтожаются.
    [few] Хранятся { $days } дня после смены ключей, затем уничтожаются.
    [many] Хранятся { $days } дней после смены ключей, затем уничтожаются.
   *[other] Хранятся { $days } дня после смены ключей, затем уничтожаются.
}
admin-keys-pending = Новый ключ подписи, ожидающий внесения в список
admin-keys-roster = Ключ списка (отпечаток)
admin-keys-roster-offline = Не на этом узле (хранится автономно)

## Предупреждения
admin-alerts = Предупреждения
admin-alerts-none = Предупреждений нет.
admin-alert-raised = Выдано { $at }
admin-alert-keys-replaced = Список № { $sequence } присваивает { $party } новые ключи ({ $listed }; этот узел хранит ключи { $pinned }). Этот узел продолжает пользоваться имеющимися ключами, пока вы не подтвердите предупреждение.
admin-alert-recovery-declared = Секретариат объявляет о восстановлении ключей по следующей причине:
admin-alert-no-rotation = Ни одна смена ключей, подписанная прежним ключом, не удостоверяет новые ключи.
admin-alert-own-keys = Список № { $sequence } указывает для этого узла чужие ключи ({ $listed }; ключи этого узла — { $own }). Члены, проверяющие преемственность ключей, сохраняют ключи этого узла. Запросите объяснение у Секретариата.
admin-alert-split-view = Расхождение списков: у { $party } список № { $sequence } с хешем { $other }, у этого узла — с хешем { $held }. Подписаны два разных списка с одним номером. Сверьте их с { $party } по каналу вне этой системы.
admin-alert-confirm = Я подтвердил это с соответствующим государством по каналу вне этой системы (телефон, встреча, дипломатическая нота).
admin-alert-acknowledge = Принять к сведению
admin-alert-acknowledged = Принято к сведению: { $by }, { $at }
admin-alert-unconfirmed = Отметьте поле, подтверждающее, что вы проверили это по другому каналу, прежде чем принять предупреждение к сведению.

## Список участников
admin-roster = Список участников
admin-roster-none = У этого узла пока нет списка.
admin-roster-sequence = Список № { $sequence }, выпущен { $at }
admin-roster-key = Ключ списка (отпечаток)
admin-roster-chair = Председатель
admin-roster-chair-term = { $state }, срок полномочий истекает { $date }
admin-roster-no-chair = Председатель не назначен.
admin-roster-state = Государство
admin-roster-status = Статус
admin-status-state-party = Государство-участник
admin-status-signatory = Государство, подписавшее Договор

## Управление списком (Секретариат)
admin-roster-admin = Управление списком
admin-roster-offline = Ключ списка хранится автономно: принятие, исключение и назначение Председателя лишь готовят здесь проект следующего списка. Он вступает в силу после подписания там, где хранится ключ, и публикации.
admin-roster-draft-waiting = Проект списка № { $sequence } ожидает автономного подписания.
admin-roster-admit = Принять государство
admin-roster-admit-text = Заявка государства на присоединение (вставьте весь текстовый блок, включая первую и последнюю строки с дефисами)
admin-roster-bad-join = Это не действительная заявка на присоединение: вставьте весь блок, присланный государством.
admin-roster-remove = Исключить государство
admin-roster-remove-confirm = Подтверждаю, что это государство выходит из списка: оно больше ничего не получит.
admin-roster-remove-unconfirmed = Отметьте поле, чтобы подтвердить исключение.
admin-roster-set-chair = Назначить Председателя
admin-roster-term-ends = Окончание срока полномочий
admin-roster-pick-state = Выберите государство из списка.

## Отложенные отправления
admin-set-aside = Отложенные отправления
admin-set-aside-none = Отложенных отправлений нет: каждое доставлено или ещё доставляется.
admin-set-aside-sent = Отправлено
admin-set-aside-kind = Что
admin-set-aside-case = Дело
admin-set-aside-recipients = Отложено для
admin-set-aside-action = Действие
admin-set-aside-attempts = { $n ->
    [one] после { $n } попытки
    [few] после { $n } попыток
    [many] после { $n } попыток
   *[other] после { $n } попытки
}
admin-retry = Повторить

## Резервная копия
admin-backup = Резервная копия
admin-backup-last = Последняя резервная копия создана { $at }.
admin-backup-file = Файл:
admin-backup-never = С момента запуска узла резервные копии не создавались.
admin-backup-failed = Последняя попытка резервного копирования не удалась.

## Журнал аудита
admin-audit-title = Журнал аудита
admin-audit-intact = { $n ->
    [one] Проверено: журнал не нарушен ({ $n } запись на месте, по порядку и без изменений).
    [few] Проверено: журнал не нарушен (все { $n } записи на месте, по порядку и без изменений).
    [many] Проверено: журнал не нарушен (все { $n } записей на месте, по порядку и без изменений).
   *[other] Проверено: журнал не нарушен (все { $n } записи на месте, по порядку и без изменений).
}
admin-audit-tampered = { $n ->
    [one] Журнал НАРУШЕН: после { $n } исправной записи проверка обнаружила:
    [few] Журнал НАРУШЕН: после { $n } исправных записей проверка обнаружила:
    [many] Журнал НАРУШЕН: после { $n } исправных записей проверка обнаружила:
   *[other] Журнал НАРУШЕН: после { $n } исправной записи проверка обнаружила:
}
admin-audit-unlisted = Записи не удаётся показать.
admin-audit-none = В журнале нет записей.
admin-audit-seq = №
admin-audit-time = Время
admin-audit-user = Пользователь
admin-audit-action = Действие
admin-audit-case = Дело
admin-audit-parties = Стороны
admin-audit-no-user = (из сети)
admin-audit-version = версия { $n }
admin-audit-pages = Страницы журнала
admin-audit-page = Страница { $page } из { $pages }
admin-audit-newer = Более новые записи
admin-audit-older = Более старые записи
admin-audit-sent = Отправлено: { $kind }
admin-audit-delivered = Получено: { $kind }
admin-audit-receipted = Получено подтверждение доставки
admin-audit-case-created = Дело зарегистрировано
admin-audit-case-edited = Дело изменено
admin-audit-case-withdrawn = Дело отозвано
admin-audit-operational-export = Выгружено для оперативного использования (ToR-16)
admin-audit-format-export = Выгружено для оперативного использования (ToR-16) в формате { $format }
admin-audit-refused = Отклонено
admin-audit-log-recovered = Узел обнаружил несогласованность журнала и продолжил после последней записи
admin-audit-account-added = Создана учётная запись:
admin-audit-account-changed = Изменена учётная запись:
admin-audit-password-changed = Изменён пароль:
admin-audit-language-changed = Изменён язык:
admin-audit-role-changed = Изменена роль:
admin-audit-account-disabled = Отключена учётная запись:
admin-audit-account-enabled = Включена учётная запись:
admin-audit-signed-in = Вход в систему
admin-audit-sign-in-refused = Отказано во входе для имени
admin-audit-other = Другое событие

## Результаты проверки
admin-finding-unreadable = Сохранённую часть журнала невозможно прочитать: она изменена, перемещена или имеет неизвестный формат.
admin-finding-unexpected-key = Среди записей находится посторонняя запись ({ $key }).
admin-finding-deleted = Записи с { $first } по { $last } удалены.
admin-finding-reordered = Порядок записей изменён: на позиции { $position } находится запись { $seq }.
admin-finding-edited = Запись { $seq } изменена: она больше не соответствует своему хешу.
admin-finding-chain-broken = Запись { $seq } не связана с записью { $previous }: одна из них заменена.
admin-finding-truncated = Журнал усечён: заголовок указывает на запись { $head }, а последняя запись — { $last }.
admin-finding-head-missing = Заголовок журнала отсутствует, хотя записи существуют до { $last }.
admin-finding-beyond-head = За заголовком { $head } есть записи (до { $last }): заголовок был откатан назад.
admin-finding-head-mismatch = Заголовок указывает на запись { $seq } с другим хешем: заменён заголовок или запись.
admin-finding-recovered = Запись { $seq } фиксирует, что узел обнаружил несогласованность журнала и продолжил работу.
admin-finding-other = Обнаружена другая несогласованность (см. технические подробности).

## Справочник контактов (ToR-20)
admin-contacts-title = Справочник контактов
admin-contact-state = Государство
admin-contact-role = Профиль ведомства
admin-contact-text = Текст
admin-contact-search = Найти
admin-contact-none = Подходящих карточек нет.
admin-contact-role-law_enforcement = Правоохранительные органы
admin-contact-role-customs = Таможня
admin-contact-role-licensing = Экспортное лицензирование
admin-contact-role-foreign_ministry = Министерство иностранных дел
admin-contact-role-other = Другое
admin-contact-address = Адрес
admin-contact-languages = Рабочие языки
admin-contact-languages-help = Коды языков через запятую, например: ru, fr
admin-contact-issued = Выпущена
admin-contact-version = { $date } (версия { $n })
admin-contact-notes = Примечания
admin-contact-notes-help = Запечатаны для государств-членов: Секретариат пересылает карточку, не читая примечаний.
admin-contact-notes-sealed = Запечатаны: на этом узле недоступны для чтения.
admin-contact-function = Должность
admin-contact-name = Имя
admin-contact-email = Эл. почта
admin-contact-phone = Телефон
admin-contact-person = Контакт { $n }
admin-contact-agency = Ведомство
admin-contact-publish = Опубликовать контактную карточку этого государства
admin-contact-publish-help = Карточка подписывается этим государством и рассылается через Секретариат всем государствам-членам. Повторная публикация для того же ведомства заменяет его карточку.
admin-contact-published = Карточка опубликована: она дойдёт до других государств через Секретариат.
admin-contact-function-missing = У каждого контакта должна быть указана должность.
