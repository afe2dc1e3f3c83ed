## refusals: формулировки отказов по их ключу и аргументам (issue 12)

## Случаи

refusal-case-not-own-share = источник случая { $case } — { $provider }; передавать этот случай может только его источник
refusal-case-not-own-holders = источник случая { $case } — { $provider }; узнать, у каких государств есть этот случай, может только его источник
refusal-case-not-own-edit = источник случая { $case } — { $provider }; изменять этот случай может только его источник
refusal-case-not-own-withdraw = источник случая { $case } — { $provider }; отозвать этот случай может только его источник
refusal-case-not-for-sharing = случай { $case } не может быть передан: он помечен как не подлежащий передаче (ToR-13): { $why ->
        [national_security] он содержит сведения, затрагивающие национальную безопасность
       *[ongoing_proceedings] его передача нанесла бы ущерб ведущемуся правоохранительными органами производству
    }. Передать его можно будет только после того, как источник снимет эту пометку.
refusal-case-not-for-sharing-note = случай { $case } не может быть передан: он помечен как не подлежащий передаче (ToR-13): { $why ->
        [national_security] он содержит сведения, затрагивающие национальную безопасность
       *[ongoing_proceedings] его передача нанесла бы ущерб ведущемуся правоохранительными органами производству
    } ({ $note }). Передать его можно будет только после того, как источник снимет эту пометку.
refusal-case-withdrawn-share = случай { $case } отозван; повторно он не передается
refusal-case-share-no-recipient = выберите хотя бы одно государство, которому нужно передать случай
refusal-case-share-to-provider = { $state } является источником случая { $case } и не может быть его получателем
refusal-case-withdrawn-edit = случай { $case } отозван; изменить его нельзя
refusal-case-too-many-versions = у случая { $case } слишком много версий
refusal-case-already-withdrawn = случай { $case } уже отозван

## Обмен: что требуется любому процедурному сообщению

refusal-exchange-no-recipient = получатель не указан
refusal-exchange-to-itself = { $party } не может отправить это самому себе

## Контакты

refusal-contacts-state-only = контактные карточки публикуют только государства (ToR-20)

## Форматы (загрузка и выгрузка данных)

refusal-formats-misp-import = загрузка данных MISP отклонена: { $detail }

## Совещания

refusal-meetings-briefing-chair-only = брифинги готовит только Председатель (ToR-22); { $state } не является Председателем
refusal-meetings-briefing-no-participant = ни одно государство еще не зарегистрировалось на совещание «{ $title }»
refusal-meetings-briefing-not-participant = { $state } не является участником этого брифинга
refusal-meetings-agenda-no-invitation = приглашение на совещание { $meeting } еще не отправлено: сначала пригласите членов
refusal-meetings-agenda-adopted = повестка дня совещания { $meeting } была утверждена { $on }
refusal-meetings-agenda-no-draft = для совещания { $meeting } нет проекта повестки дня, который можно было бы утвердить
refusal-meetings-agenda-already-adopted = повестка дня совещания { $meeting } уже утверждена { $on }
refusal-meetings-intent-not-own-case = { $state } может выступать только по собственным случаям, но не по случаю { $case }
refusal-meetings-intent-already-withdrawn = заявка на выступление { $intent } уже отозвана
refusal-meetings-expert-intent-withdrawn = заявка на выступление { $intent } отозвана
refusal-meetings-expert-case-only = эксперт предлагается для выступления по случаю (ToR-8)
refusal-meetings-expert-no-meeting = для этого выступления совещание еще не назначено
refusal-meetings-expert-ack-proposer-only = подтверждение регистрирует только государство { $proposer }, предложившее эксперта { $expert }
refusal-meetings-text-not-clear = поле «{ $field }» должно быть передано в открытом виде: его запечатывает этот узел
refusal-meetings-no-recipient = нет ни одного члена, которому это можно было бы отправить: { $what }

## Процедуры между государствами (ToR-12, 15, 16, 21)

refusal-procedures-replies-states-only = ответами по случаям обмениваются только государства, а не Секретариат
refusal-procedures-threads-states-only = последующие обсуждения ведут только государства, а не Секретариат
refusal-procedures-notice-not-own = источник случая { $case } — { $provider }; уведомления о нем направляет только представляющее его государство
refusal-procedures-notice-withdrawn = случай { $case } отозван; он не представляется
refusal-procedures-notice-no-recipient = укажите хотя бы одно вовлеченное государство (--to)
refusal-procedures-notice-to-itself = { $state } представляет случай { $case } и не направляет уведомление самому себе
refusal-procedures-notice-too-late = совещание { $meeting } уже началось или состоялось
refusal-procedures-not-a-notice = сообщение { $message } не является уведомлением
refusal-procedures-right-of-reply-early = право на ответ открывается после представления, на совещании { $meeting } (ToR-12)
refusal-procedures-challenge-itself = участник не может направить оспаривание самому себе
refusal-procedures-challenge-own-answer = оспаривание { $challenge } подано этим узлом; отвечает на него другая сторона
refusal-procedures-challenge-close = закрыть оспаривание { $challenge } может только подавшая его сторона
refusal-procedures-reply-no-recipient = укажите, кому адресован ответ по случаю { $case } (--to)
refusal-procedures-reply-to-itself = государство не может отвечать самому себе
refusal-procedures-reply-not-shared = случай { $case } никогда не передавался государству { $state }: сначала передайте его
refusal-procedures-thread-provider-only = последующие обсуждения по случаю { $case } начинает только его источник, { $provider } (ToR-21)
refusal-procedures-not-a-thread = сообщение { $message } не начинает обсуждение
refusal-procedures-use-own-case = случай { $case } — собственный случай этого государства; запрос на его использование не требуется
refusal-procedures-use-withdrawn = случай { $case } отозван его источником
refusal-procedures-export-handling = случай { $case } имеет пометку { $marking }, установленную государством { $provider }: полученный случай с такой пометкой выгружать нельзя
refusal-procedures-export-info-only = государство { $provider } пометило случай { $case } как предназначенный только для информации: его нельзя использовать в оперативных целях (ToR-16)
refusal-procedures-export-withdrawn = случай { $case } отозван государством { $provider }: его нельзя использовать в оперативных целях ({ $reason })
refusal-procedures-export-not-agreed = для оперативного использования случая { $case } требуется предварительное согласие государства { $provider } (ToR-16): его последний ответ — «{ $decision }»
refusal-procedures-export-no-request = для оперативного использования случая { $case } требуется предварительное согласие государства { $provider } (ToR-16): запрос на использование не направлялся; направьте его командой `dief use request`
refusal-procedures-export-unanswered = для оперативного использования случая { $case } требуется предварительное согласие государства { $provider } (ToR-16): на запрос на использование ответа еще нет

## Запечатанные тексты (для государств-членов)

refusal-sealed-too-long = поле «{ $field }» слишком длинное: в запечатанном виде размер шифротекста в байтах составляет { $len }, что превышает предел в { $limit }
refusal-sealed-no-members = поле «{ $field }» запечатывается для государств-членов, а в списке членов пока нет ни одного государства

## Членство и список членов

refusal-membership-addresses = адреса в заявке на присоединение: { $detail }
refusal-membership-admit-count = за один раз можно принять от 1 до { $max } заявок на вступление
refusal-membership-no-status = в конфигурации не указан статус членства
refusal-membership-other-keys = { $state } уже является членом с другими ключами ({ $fingerprint }): ключи этого государства меняются только путем смены ключей, подписанной его текущим ключом (`dief keys rotate` на его узле), или, если ключ утрачен, командой `dief roster recover`, о которой сообщается каждому члену
refusal-membership-recovery-reason = для восстановления ключей необходимо указать причину объемом от 1 до { $max ->
        [one] { $max } байта
       *[other] { $max } байт
    }; она будет показана каждому члену
refusal-membership-recover-not-member = { $state } не является членом: примите его по заявке на присоединение
refusal-membership-not-member = { $state } не является членом
refusal-membership-wire-version = версия формата обмена { $version } не относится к тем, которые записывает эта сборка (с { $oldest } по { $newest })
refusal-membership-roster-key-offline = на этом узле нет ключа списка членов { $fingerprint }: этим ключом подписывают автономно (`dief roster sign`)
refusal-membership-alert-stale = в списке членов больше нет тех ключей участника { $party }, к которым относится это предупреждение; см. более новое предупреждение

## Настройка узла

refusal-node-config = { $detail }
refusal-node-roster-key-pin = государство должно закрепить отпечаток ключа списка членов (--roster-key)

## Резервное копирование и восстановление

refusal-backup-dir-not-empty = каталог { $dir } не пуст: выполните восстановление в новый каталог (восстановление никогда не перезаписывает узел)
refusal-backup-no-config = в резервной копии нет файла { $file }
refusal-backup-config-not-utf8 = файл { $file } в резервной копии записан не в кодировке UTF-8
refusal-backup-config-invalid = файл { $file } в резервной копии: { $detail }

## Учетные записи

refusal-accounts-wrong-password = текущий пароль указан неверно

## API

refusal-api-loopback-only = API принимает подключения только на петлевом интерфейсе (loopback), а не на { $addr }
refusal-api-metrics-loopback-only = сервис метрик принимает подключения только на петлевом интерфейсе (loopback), а не на { $addr }
refusal-api-secretariat-reads-concern = Секретариат прочтет эту претензию (она запечатана для Секретариата, который ее вскрывает): подтвердите это параметром secretariat_reads (dief challenge send --secretariat-reads)
refusal-api-secretariat-reads-answer = Секретариат прочтет этот ответ (он запечатан для Секретариата, который его вскрывает): подтвердите это параметром secretariat_reads (dief challenge answer --secretariat-reads)
refusal-api-secretariat-reads-close = Секретариат прочтет это заключительное примечание (оно запечатано для Секретариата, который его вскрывает): подтвердите это параметром secretariat_reads (dief challenge close --secretariat-reads)

## Демонстрационная федерация (dief demo)

refusal-federation-already-in = { $state } уже входит в эту федерацию
refusal-federation-node-running = узел { $party } работает; сначала остановите его
