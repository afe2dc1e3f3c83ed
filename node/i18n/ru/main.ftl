# dief web interface: Russian catalog (same keys as en.ftl, the reference).
# Project Fluent syntax: https://projectfluent.org
# Terminology follows the Russian text of the Arms Trade Treaty
# (незаконное перенаправление, Конференция государств-участников,
# сертификат конечного пользователя, посредническая деятельность...).

app-name = Форум по обмену информацией о незаконном перенаправлении · ДТО
footer-confidential = Конфиденциально: информация, которой обмениваются на Форуме, предназначена для получающих ее государств и обрабатывается в соответствии с кругом ведения (ToR-15).

## Навигация
nav-label = Главное меню
nav-skip = Перейти к содержанию
nav-home = Главная
nav-cases = Случаи
nav-messages = Сообщения
nav-meetings = Совещания
nav-users = Пользователи
nav-account = Моя учетная запись
nav-logout = Выйти

## Языки, каждый на своем языке
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## Роли
role-administrator = Администратор
role-case_officer = Сотрудник, ведущий случаи
role-liaison = Сотрудник по связи с правоохранительными органами
role-delegate = Делегат
role-reviewer = Проверяющий

## Даты
month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря
date-long = { $day } { $month } { $year } г.

## Вход и учетная запись
login-title = Вход
login-name = Имя пользователя
login-password = Пароль
login-submit = Войти
login-refused = Неверное имя пользователя или пароль.
login-throttled = { $seconds ->
    [one] Слишком много неудачных попыток. Повторите попытку через { $seconds } секунду.
    [few] Слишком много неудачных попыток. Повторите попытку через { $seconds } секунды.
    [many] Слишком много неудачных попыток. Повторите попытку через { $seconds } секунд.
   *[other] Слишком много неудачных попыток. Повторите попытку через { $seconds } секунды.
}
account-title = Моя учетная запись
account-role = Роль
account-language = Язык
account-language-save = Сменить язык
account-password = Пароль
account-password-current = Текущий пароль
account-password-new = { $min ->
    [one] Новый пароль (не менее { $min } символа)
   *[other] Новый пароль (не менее { $min } символов)
}
account-password-save = Сменить пароль
account-saved-language = Язык изменен.
account-saved-password = Пароль изменен. Другие ваши сеансы завершены.
users-title = Пользователи этого узла
users-add = Добавить пользователя
users-created = Дата создания
users-status = Состояние
users-actions = Изменения
users-enabled = действует
users-disabled-on = отключена { $date }
users-change-role = Сменить роль
users-disable = Отключить
users-enable = Включить

## Главная
home-title = Главная
home-node = Этот узел
home-party = Участник
home-roster = Список членов
home-roster-seq = Версия { $seq }, { $members ->
    [one] { $members } член
    [few] { $members } члена
    [many] { $members } членов
   *[other] { $members } члена
}
home-roster-none = Списка членов пока нет
home-connected = Члены на связи
home-inbox = Полученные сообщения
home-outbox = Сообщения, ожидающие доставки
home-all-well = Все в порядке.
home-attention = Этому узлу требуется вмешательство оператора:
home-deadlines = Сроки
home-deadlines-warn = { $count ->
    [one] { $count } срок подходит к концу или пропущен.
    [few] { $count } срока подходят к концу или пропущены.
    [many] { $count } сроков подходят к концу или пропущены.
   *[other] { $count } срока подходят к концу или пропущены.
}
home-ical = Добавить сроки в программу-календарь (iCalendar)

## Сроки
deadlines-none = Сроков нет.
deadlines-due = Срок
deadlines-what = Предмет
deadlines-rule = Правило
deadlines-meeting = Совещание
deadlines-status = Статус
deadlines-yours = ваш
deadline-invitation = Приглашение на совещание «{ $meeting }»
deadline-agenda = Проект повестки дня совещания «{ $meeting }»
deadline-silence = Процедура отсутствия возражений в отношении эксперта { $expert }: возражения принимаются до указанного срока
deadline-escalation = Неурегулированное возражение против эксперта { $expert } передается присутствующим государствам-участникам
deadline-intents = { $count ->
    [0] Прием заявок на выступление на совещании «{ $meeting }» закрывается с утверждением его повестки дня
    [one] У вас { $count } заявка на выступление на совещании «{ $meeting }»; она действует до утверждения его повестки дня
    [few] У вас { $count } заявки на выступление на совещании «{ $meeting }»; они действуют до утверждения его повестки дня
    [many] У вас { $count } заявок на выступление на совещании «{ $meeting }»; они действуют до утверждения его повестки дня
   *[other] У вас { $count } заявки на выступление на совещании «{ $meeting }»; они действуют до утверждения его повестки дня
}
deadline-notices = Уведомления вовлеченным государствам по случаю { $case }
deadline-expert-proposal = Кандидатура эксперта для выступления { $presentation }
deadline-notice-reply = Ответ на уведомление { $from } по случаю { $case }
deadline-open = { $days ->
    [one] открыт, остался { $days } день
    [few] открыт, осталось { $days } дня
    [many] открыт, осталось { $days } дней
   *[other] открыт, осталось { $days } дня
}
deadline-near = { $days ->
    [0] близок: истекает сегодня
    [one] близок: остался { $days } день
    [few] близок: осталось { $days } дня
    [many] близок: осталось { $days } дней
   *[other] близок: осталось { $days } дня
}
deadline-missed = { $days ->
    [one] просрочен на { $days } день
    [few] просрочен на { $days } дня
    [many] просрочен на { $days } дней
   *[other] просрочен на { $days } дня
}
deadline-done = выполнено { $date }
deadline-done-late = выполнено с опозданием, { $date }

## Случаи
cases-title = Случаи
cases-new = Зарегистрировать случай
cases-create = Зарегистрировать этот случай
cases-none = Случаи не найдены.
cases-id = Случай
cases-provider = Источник
cases-own = наш
cases-updated = Обновлено
cases-search = Поиск
cases-search-text = Слова
cases-search-country = Страна (код)
cases-search-serial = Серийный номер
case-title = Название
case-summary = Краткое изложение
case-status = Статус
case-investigation = Расследование
case-states-involved = Вовлеченные государства
case-codes-hint = (трехбуквенные коды через запятую)
case-version = Версия
case-version-n = версия { $n }
case-received-from = получено от { $from }
case-withdrawn = отозван
case-withdrawn-on = Источник отозвал этот случай { $date }.
case-not-given = не указано
case-section-general = Случай
case-section-marking = Маркировка и порядок распространения
case-section-diversion = Незаконное перенаправление
case-section-detection = Выявление
case-section-items = Оружие и изделия
case-section-chain = Цепочка передачи
case-section-actors = Действующие лица
case-handling = Порядок распространения (протокол TLP)
case-operational-use = Оперативное использование
case-confidentiality = Национальный гриф конфиденциальности
case-diversion-date = Дата незаконного перенаправления
case-diversion-stage = Этап цепочки передачи
case-diversion-place = Место
case-diversion-country = Страна (код)
case-means = Средства и методы
case-transit-points = Пункты транзита
case-transit-points-hint = (через ;)
case-destinations = Пункты назначения
case-destinations-hint = (через ;)
case-brokers = Посредники
case-brokers-hint = (через ;)
case-detection-date = Дата выявления
case-detection-agency = Выявивший орган
case-detection-how = Способ выявления
case-item-n = Позиция { $n }
case-item-category = Категория по ДТО
case-item-type = Тип
case-item-make = Марка
case-item-model = Модель
case-item-calibre = Калибр
case-item-quantity = Количество
case-item-serials = Серийные номера
case-item-serials-hint = (через запятую)
case-leg-n = Звено { $n }
case-leg-role = Роль
case-leg-entity = Компания, ведомство или лицо
case-leg-country = Страна (код)
case-leg-date = Дата
case-leg-licence = Экспортная лицензия
case-leg-euc = Сертификат конечного пользователя
case-actor-name = Имя или наименование
case-actor-role = Роль
case-actor-country = Страна (код)
case-actor-description = Описание
case-attachments = Вложения
case-bytes = { $n ->
    [one] { $n } байт
    [few] { $n } байта
    [many] { $n } байт
   *[other] { $n } байта
}
case-holders = Государства, у которых есть этот случай
case-edit = Изменить этот случай
case-edit-title = Изменение случая { $id }
case-save = Сохранить новую версию
case-share = Передать этот случай
case-share-with = Кому передать
case-share-send = Передать отмеченным государствам
case-replies = Ответы
case-replies-none = Ответов пока нет.
case-reply = Ваш ответ
case-reply-to = Ответ на
case-reply-send = Отправить ответ
case-export = Выгрузить для оперативного использования
case-export-note = Выгрузка регистрируется в журнале аудита. Любое использование регулируется условиями источника (ToR-16).
case-print = Версия для печати

## Словари
status-suspected = предполагаемый
status-detected = выявленный
investigation-ongoing = расследование ведется
investigation-closed = расследование завершено
tlp-red = TLP:RED (только для участников-получателей)
tlp-amber_strict = TLP:AMBER+STRICT (только для ведомства-получателя)
tlp-amber = TLP:AMBER (для ведомства-получателя и, при необходимости, национальных органов)
tlp-green = TLP:GREEN (в пределах Форума)
tlp-clear = TLP:CLEAR (без ограничений)
use-consult_provider = только после консультации с источником (ToR-16)
use-pre_authorised = заранее разрешено источником
use-not_permitted = только для информации
stage-export = экспорт
stage-transit = транзит
stage-import = импорт
stage-post_delivery = после поставки
chain-manufacturer = производитель
chain-exporter = экспортер
chain-importer = импортер
chain-transit = транзитная сторона
chain-broker = посредник
chain-shipper = грузоотправитель
chain-freight_forwarder = экспедитор
chain-financier = финансирующая сторона
chain-end_user = конечный пользователь
category-battle_tanks = Боевые танки
category-armoured_combat_vehicles = Боевые бронированные машины
category-large_calibre_artillery = Артиллерийские системы большого калибра
category-combat_aircraft = Боевые самолеты
category-attack_helicopters = Ударные вертолеты
category-warships = Военные корабли
category-missiles_and_launchers = Ракеты и ракетные пусковые установки
category-small_arms_and_light_weapons = Стрелковое оружие и легкие вооружения
category-ammunition = Боеприпасы
category-parts_and_components = Части и компоненты

## Сообщения
messages-title = Сообщения
messages-inbox = Входящие
messages-outbox = Исходящие
messages-none = Нет.
messages-received = Дата получения
messages-sent = Дата отправки
messages-from = Отправитель
messages-kind = Тип
messages-case = Случай
messages-recipients = Получатели
messages-delivered = доставлено { $at }
messages-pending = { $attempts ->
    [0] ожидает
    [one] ожидает, { $attempts } попытка
    [few] ожидает, { $attempts } попытки
    [many] ожидает, { $attempts } попыток
   *[other] ожидает, { $attempts } попытки
}
messages-set-aside = отложено: получатель отклонил сообщение
kind-case_share = Передача случая
kind-case_update = Обновление случая
kind-reply = Ответ
kind-roster_update = Список членов
kind-case_withdrawal = Отзыв случая
kind-involved_notice = Уведомление вовлеченному государству
kind-notice_reply = Ответ на уведомление
kind-right_of_reply = Право на ответ
kind-use_request = Запрос на оперативное использование
kind-use_answer = Ответ об оперативном использовании
kind-challenge = Оспаривание
kind-challenge_answer = Ответ на оспаривание
kind-challenge_close = Оспаривание закрыто
kind-thread_post = Сообщение в обсуждении
kind-contact_card = Контактная карточка
kind-invitation = Приглашение
kind-draft_agenda = Проект повестки дня
kind-agenda_adoption = Утверждение повестки дня
kind-presentation_intent = Заявка на выступление
kind-intent_withdrawal = Отзыв заявки
kind-registration = Регистрация делегации
kind-expert_proposal = Кандидатура эксперта
kind-expert_circulation = Рассылка кандидатуры эксперта
kind-expert_record = Этап процедуры в отношении эксперта
kind-expert_acknowledgement = Подтверждение эксперта
kind-briefing_draft = Проект брифинга
kind-briefing_response = Ответ на брифинг
kind-resend_request = Запрос на повторную отправку
kind-key_rotation = Новые ключи участника

## Совещания
meetings-title = Совещания
meetings-none = Совещаний не запланировано.
meetings-dates = Даты
meetings-from-to = с { $first } по { $last }
meetings-venue = Место проведения
meetings-kind = Проводится
meetings-kind-csp = в ходе Конференции государств-участников
meetings-kind-preparatory = в ходе подготовительного совещания
meetings-invitation = Приглашение
meetings-invited-on = отправлено { $date }
meetings-not-invited = еще не отправлено
meetings-agenda = Повестка дня
meetings-agenda-none = проекта пока нет
meetings-agenda-circulated = проект распространен
meetings-agenda-adopted = утверждена
meetings-registrations = Зарегистрированные делегации
meetings-send-invitation = Отправить приглашение всем членам
meetings-schedule = Запланировать совещание
meetings-title-field = Название
meetings-first-day = Первый день
meetings-last-day = Последний день
meetings-call = Призыв к представлению материалов

## Ошибки
error-title = Невозможно
error-detail = Технические сведения (на английском языке)
error-forbidden = Ваша роль этого не допускает.
error-not-found = На этом узле такого нет.
error-conflict = Это уже существует.
error-disk-full = Диск узла заполнен: ничего не изменено. Сообщите оператору узла.
error-invalid = Запрос недействителен.
error-internal = Узлу не удалось это выполнить. Ничего не потеряно; сообщите оператору узла.
error-csrf = Срок действия этой формы истек, или она получена не с этого узла. Откройте страницу заново и повторите попытку.
error-too-large = Отправленные данные слишком велики.
error-date = Недопустимая дата: укажите ее в формате год-месяц-день.
error-field = Недопустимое значение поля.
error-field-value = Поле «{ $field }» не принимает значение «{ $value }».
error-share-nobody = Отметьте хотя бы одно государство, которому нужно передать случай.

## Links to the other areas
case-procedures-link = Процедуры по этому делу: уведомления, оперативное использование, оспаривания, обсуждения, отзыв
meetings-open-link = Подробности и этапы этого заседания
nav-admin = Администрирование
cases-search-more = Другие критерии (ToR-19)
cases-search-broker = Посредник
cases-search-transit = Пункт транзита
cases-search-from = Перенаправление с
cases-search-to = Перенаправление по
nav-contacts = Контакты
case-attachments-add = Добавить файлы
case-attachments-hint = (фотографии маркировки, сканированные документы; всего не более 12 МиБ)
error-password-short = Пароль должен содержать не менее { $min } символов.
error-password-long = Пароль слишком длинный.
error-password-name = Пароль не должен содержать имя пользователя.
error-user-exists = Пользователь с именем { $name } уже существует.
error-user-name = Имя пользователя { $name } недопустимо: используйте строчные латинские буквы, цифры, «.», «_», «-» или «@».
error-no-roster = У этого узла ещё нет списка членов.
error-secretariat-only = Это может сделать только Секретариат.
error-state-only = Это может сделать только государство.
error-not-for-secretariat = Секретариат никогда не хранит содержание дел: он не может этого сделать.
error-user-unknown = Пользователя с именем { $name } нет.
error-user-last-admin = { $name } — последний действующий администратор этого узла: сначала назначьте эту роль другой учётной записи.
error-user-role = Роли { $role } не существует: используйте administrator, case_officer, liaison, delegate или reviewer.
error-user-language = Язык { $language } не входит в число шести: используйте ar, zh, en, fr, ru или es.
error-not-found-id = На этом узле нет ничего с идентификатором { $id }.
error-already-initialised = В { $dir } узел уже инициализирован.
error-shutting-down = Узел останавливается; повторите попытку после его перезапуска.
