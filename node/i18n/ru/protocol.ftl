## protocol: формулировки отказов по их ключу и аргументам (issue 12)

## Случаи: правила, которым случай должен соответствовать, прежде чем он будет сохранен или передан

refusal-case-empty = поле { $field } не должно быть пустым
refusal-case-too-long = поле { $field } занимает { $len ->
        [one] { $len } байт
        [few] { $len } байта
        [many] { $len } байт
       *[other] { $len } байта
    }, что превышает предел в { $limit }
refusal-case-too-many = поле { $field } содержит { $count ->
        [one] { $count } элемент
        [few] { $count } элемента
        [many] { $count } элементов
       *[other] { $count } элемента
    }, что превышает предел в { $limit }
refusal-case-text-too-large = общий объем текста случая составляет { $total ->
        [one] { $total } байт
        [few] { $total } байта
        [many] { $total } байт
       *[other] { $total } байта
    }, что превышает предел в { $limit }
refusal-case-attachments-too-large = общий объем вложений составляет { $total ->
        [one] { $total } байт
        [few] { $total } байта
        [many] { $total } байт
       *[other] { $total } байта
    }, что превышает предел в { $limit }
refusal-case-detection-before-diversion = дата в поле detection.date ({ $detection }) предшествует дате в поле diversion.date ({ $diversion }): незаконное перенаправление не может быть выявлено раньше, чем оно произошло (ToR-18)
refusal-case-range-end-before-start = значение поля { $field } ({ $end }) предшествует началу диапазона ({ $start })
refusal-case-range-end-without-start = поле { $field } заполнено, а начало диапазона не указано
# $tag и $value приходят в кавычках, с экранированными управляющими символами ("t\tuh"), чтобы в них ничего не скрывалось.
refusal-case-language-tag = значение поля { $field } { $tag } не является правильно сформированным языковым тегом BCP 47 (например, «en», «fr», «zh-Hans»)
refusal-case-zero-quantity = значение поля { $field } должно быть не меньше 1
refusal-case-serials-exceed-quantity = в поле { $field } { $serials ->
        [one] указан { $serials } серийный номер
        [few] указано { $serials } серийных номера
        [many] указано { $serials } серийных номеров
       *[other] указано { $serials } серийного номера
    } при количестве { $quantity }
refusal-case-year-out-of-range = значение поля { $field } ({ $year }) выходит за пределы диапазона { $min }–{ $max }
refusal-case-in-future = дата в поле { $field } ({ $value }) позже сегодняшней ({ $today })
refusal-case-hash-mismatch = { $field }: хеш SHA-256 содержимого вложения не совпадает с записанным хешем
refusal-case-empty-place = в поле { $field } необходимо указать название места или страну
refusal-case-duplicate = в поле { $field } значение { $value } указано более одного раза
refusal-case-other-known-term = значение { $value } поля { $field } отклонено: это известный термин, записанный как «другое»; укажите сам термин
refusal-case-file-name = значение { $value } поля { $field } отклонено: требуется имя файла без пути и управляющих символов
refusal-case-media-type = значение { $value } поля { $field } отклонено: требуется тип содержимого (MIME), например image/jpeg
refusal-case-category = значение { $value } поля { $field } отклонено: это не категория ДТО (battle_tanks … small_arms_and_light_weapons, ammunition, parts_and_components)
refusal-case-invalid = значение { $value } поля { $field } отклонено: { $why }
refusal-case-version = номер версии равен 0: версии случая нумеруются начиная с 1
refusal-case-updated-before-created = значение updated_at ({ $updated_at }) предшествует значению created_at ({ $created_at })
# $reason — собственный английский текст serde: технические сведения, не переводятся.
refusal-case-decode = { $field }: { $reason }

## Содержимое сообщений: то, что передает любое сообщение

# $detail — английский текст декодера: технические сведения, не переводятся.
refusal-payload-codec = { $detail }
refusal-payload-too-long = поле { $field } занимает { $len ->
        [one] { $len } байт
        [few] { $len } байта
        [many] { $len } байт
       *[other] { $len } байта
    }, что превышает предел в { $limit }
refusal-payload-empty = поле { $field } не должно быть пустым
# $tag приходит в кавычках и экранированным, как в refusal-case-language-tag.
refusal-payload-language-tag = { $tag } не является языковым тегом BCP 47 (например, en, fr, ar, zh-Hans)
refusal-payload-version-zero = версии случая нумеруются начиная с 1
refusal-payload-not-provider = случай { $case } не принадлежит источнику { $provider }
# $why — основание пометки (ToR-13), одно из двух нижеследующих.
refusal-payload-not-for-sharing = случай { $case }: этот случай помечен как не подлежащий передаче (ToR-13): { $why ->
        [national_security] он содержит сведения, затрагивающие национальную безопасность
       *[ongoing_proceedings] его передача нанесла бы ущерб ведущемуся правоохранительными органами производству
    }. Передать его можно будет только после того, как источник снимет эту пометку.
# $note — собственные слова источника, приводятся в том виде, в каком они написаны.
refusal-payload-not-for-sharing-noted = случай { $case }: этот случай помечен как не подлежащий передаче (ToR-13): { $why ->
        [national_security] он содержит сведения, затрагивающие национальную безопасность
       *[ongoing_proceedings] его передача нанесла бы ущерб ведущемуся правоохранительными органами производству
    } ({ $note }). Передать его можно будет только после того, как источник снимет эту пометку.
refusal-payload-resend-before-epoch = запрос на повторную отправку начиная с { $since_ms } мс: этот момент предшествует началу эпохи Unix
# $what называет подписанный объект (контактная карточка, подтверждение эксперта); $detail — английский текст декодера.
refusal-payload-undecodable = { $what }: { $detail }

## Процедуры: уведомления и обсуждения

refusal-notice-reply-after-meeting = срок ответа на уведомление ({ $reply_by }) не может быть позже даты совещания ({ $meeting })
refusal-thread-too-few = в обсуждении должны участвовать не менее двух государств
refusal-thread-too-many = в обсуждении может участвовать не более { $limit ->
        [one] { $limit } государства
       *[other] { $limit } государств
    }; указано: { $count }
refusal-thread-duplicate = одно из государств указано среди участников обсуждения дважды

## Запечатанные тексты: произвольный текст, запечатанный для государств-членов

# $detail — английский текст о ключе: технические сведения, не переводятся.
refusal-sealed-key = { $detail }
refusal-sealed-no-recipients = запечатанный текст должен быть адресован хотя бы одному государству-члену
refusal-sealed-too-many-recipients = получателей: { $count }; допускается не более { $limit }
refusal-sealed-duplicate-recipient = государство { $state } указано среди получателей дважды
refusal-sealed-unknown-party = { $party } не значится в списке членов как государство-член
refusal-sealed-text-too-long = запечатанный текст поля «{ $field }»: { $len ->
        [one] { $len } байт
        [few] { $len } байта
        [many] { $len } байт
       *[other] { $len } байта
    } шифротекста, что превышает предел в { $limit }
refusal-sealed-not-for-me = { $state } не входит в число получателей этого текста
refusal-sealed-wrong-key = текст запечатан для ключа { $found } участника { $me }, который этот узел больше не хранит
refusal-sealed-sender-key = текст запечатан ключом { $used } отправителя, а не указанным ключом ({ $given })
# $detail — английский текст шифра: технические сведения, не переводятся.
refusal-sealed-decrypt = запечатанный текст не вскрывается: { $detail } (он изменен либо перенесен из другого сообщения или поля)
refusal-sealed-arrived-in-clear = поле «{ $field }» поступило в открытом виде, тогда как оно должно быть запечатано для членов; обновите узел-отправитель

## Совещания: календарь (ToR-3)

refusal-meeting-ends-before-start = последний день совещания ({ $last_day }) предшествует его первому дню ({ $first_day })
refusal-meeting-too-long = совещание не может длиться дольше { $limit ->
        [one] { $limit } дня
       *[other] { $limit } дней
    } (указано дней: { $days })
refusal-meeting-not-future = совещание должно быть назначено на дату после сегодняшней ({ $today }); дата { $first_day } уже наступила или прошла
refusal-meeting-year-full = на { $year } год уже запланировано { $count ->
        [one] { $count } совещание
        [few] { $count } совещания
        [many] { $count } совещаний
       *[other] { $count } совещания
    }; Форум собирается не более { $limit ->
        [one] { $limit } раза
       *[other] { $limit } раз
    } в год (ToR-3)
refusal-meeting-overlap = совещание с { $first_day } по { $last_day } накладывается на совещание { $other } (с { $other_first_day } по { $other_last_day })
refusal-meeting-over = совещание { $meeting } уже завершилось
refusal-not-member = { $state } не является членом Форума

## Совещания: подписанные этапы с номерами версий

# $detail — английский текст декодера: технические сведения, не переводятся.
refusal-meeting-codec = { $detail }
# $what называет подписанный объект (контактная карточка, подтверждение эксперта).
refusal-meeting-bad-signature = { $what }: подпись не проходит проверку ключом участника { $signer }
refusal-meeting-stale = { $what }: версия { $offered } не новее имеющейся ({ $held }); отклонено
refusal-meeting-already-held = версия { $version } уже имеется

## Совещания: приглашение, повестка дня и заявки на выступление (ToR-9 – ToR-11)

refusal-invitation-too-late = приглашение должно быть направлено до начала совещания
refusal-agenda-version-zero = версии повестки дня нумеруются начиная с 1
refusal-agenda-too-many-items = повестка дня может содержать не более { $limit ->
        [one] { $limit } пункта
       *[other] { $limit } пунктов
    }
refusal-agenda-item-number = пункт { $position } повестки дня имеет номер { $number }
refusal-agenda-item-no-presenter = пункт { $position } повестки дня основан на заявке на выступление, но в нем не указано выступающее государство
refusal-agenda-too-many-documents = допускается не более { $limit ->
        [one] { $limit } вспомогательного документа
       *[other] { $limit } вспомогательных документов
    }
refusal-intent-not-own-case = { $presenter } может заявлять о выступлении только по собственным случаям, но не по случаю { $case }
refusal-intent-minutes = выступление длится от 1 до { $limit ->
        [one] { $limit } минуты
       *[other] { $limit } минут
    }
refusal-intent-unknown-meeting = в заявке указано совещание, которого нет в календаре
refusal-intent-other-meeting = в заявке указано другое совещание
refusal-intent-agenda-adopted = прием заявок на выступление на совещании { $meeting } закрылся с утверждением его повестки дня { $adopted_on } (ToR-11)

## Совещания: регистрация делегаций (ToR-6, ToR-7)

refusal-registration-revision-zero = редакции регистрации нумеруются начиная с 1
refusal-registration-too-many = в составе делегации может быть указано не более { $limit ->
        [one] { $limit } человека
       *[other] { $limit } человек
    }
refusal-registration-two-heads = у делегации может быть не более одного главы
refusal-registration-not-own = делегацию { $state } регистрирует только само это государство, а не { $sender }
refusal-registration-other-meeting = в регистрации указано другое совещание

## Совещания: контактные карточки (ToR-20)

refusal-card-sequence-zero = номера версий контактной карточки начинаются с 1
refusal-card-too-many-contacts = карточка может содержать не более { $limit ->
        [one] { $limit } контакта
       *[other] { $limit } контактов
    }
# $function и $email приходят в кавычках и экранированными, как в refusal-case-language-tag.
refusal-card-contact-unreachable = для контакта { $function } необходимо указать адрес электронной почты или номер телефона
refusal-card-email = { $email } не является адресом электронной почты
refusal-card-too-many-languages = допускается не более { $limit ->
        [one] { $limit } языка
       *[other] { $limit } языков
    }

## Совещания: брифинги (ToR-22)

refusal-briefing-version-zero = версии брифинга нумеруются начиная с 1
refusal-briefing-too-many-cases = брифинг может основываться не более чем на { $limit ->
        [one] { $limit } случае
       *[other] { $limit } случаях
    }

## Совещания: негосударственные эксперты (ToR-8, ToR-15)

refusal-expert-other-meeting = в предложении указано другое совещание
refusal-expert-late = кандидатура эксперта должна поступить в Секретариат не позднее { $due } (T-30, ToR-8); это предложение опоздало на { $days_late ->
        [one] { $days_late } день
        [few] { $days_late } дня
        [many] { $days_late } дней
       *[other] { $days_late } дня
    }
refusal-expert-circulated-early = предложение не может быть распространено раньше, чем оно было сделано
refusal-expert-secretariat-only = распространять предложения и фиксировать решения может только Секретариат (ToR-8)
refusal-expert-states-only = возражения, консультации и отзывы исходят только от государств (ToR-8)
refusal-expert-other-proposal = в записи указано другое предложение
refusal-expert-record-date = запись датируется днем ее внесения ({ $today }), а не { $on }
refusal-expert-already-circulated = предложение уже распространено
refusal-expert-objector-not-party = возражать против эксперта может только государство-участник, а не { $by }
refusal-expert-own-objection = предложившее государство не может возражать против собственного эксперта
refusal-expert-not-circulated = предложение еще не распространено
refusal-expert-silence-ended = процедура отсутствия возражений завершилась { $ends } (ToR-8)
refusal-expert-already-objected = государство { $by } уже заявило возражение
refusal-expert-no-objection = нет неурегулированного возражения, по которому можно было бы провести консультации
refusal-expert-consultation-party = консультации фиксируют только возражающие государства и предложившее государство (ToR-8)
refusal-expert-withdraw-objection = отозвать возражение может только возражающее государство
refusal-expert-withdraw-proposal = отозвать предложение может только предложившее его государство
# $state — состояние предложения в том виде, в каком его называет протокол (pending, silence_running, objected, escalated, accepted, rejected, withdrawn).
refusal-expert-decision-early = процедурное решение фиксируется только после передачи вопроса на решение присутствующих государств-участников в срок T-20 (ToR-8); состояние предложения: { $state }
refusal-expert-closed = предложение уже находится в состоянии { $state }
refusal-expert-acknowledged-early = эксперт не может подтвердить эту обязанность до того, как его о ней проинформировали

## Список членов: подписанный список, заявки на присоединение и смена ключей (ToR-1, ToR-5)

# $detail — английский текст декодера: технические сведения, не переводятся.
refusal-roster-codec = { $detail }
# $detail — английский текст о ключе: технические сведения, не переводятся.
refusal-roster-key = { $detail }
# $expected, $signer, $held, $given и $offered — отпечатки или идентификаторы ключей; $party — код государства или SECRETARIAT; все выводятся как есть.
refusal-roster-bad-signature = подпись списка не проходит проверку ключом Секретариата { $expected }, который хранит этот узел
refusal-roster-stale = список № { $offered } старше имеющегося (№ { $held }); отклонено
refusal-roster-already-held = список № { $sequence } уже имеется
refusal-roster-conflicting = список № { $offered } имеет тот же номер, что и имеющийся, но иное содержание; отклонено
refusal-roster-unlinked-key = список подписан ключом { $signer }, который никакая смена ключа списка не связывает с ключом, хранящимся на этом узле ({ $held })
refusal-roster-too-many-rotations = недействительный список: { $party }: число сохраненных смен ключей превышает { $limit }
refusal-roster-recovery-reason = недействительный список: { $party }: длина причины восстановления ключей превышает { $limit } байт
refusal-roster-weak-key = недействительный список: { $party }: ключ { $key } имеет малый порядок или не является точкой кривой и не может использоваться
refusal-roster-peer-id-mismatch = недействительный список: { $party }: сетевой идентификатор { $peer_id } не соответствует транспортному ключу узла
refusal-roster-addresses = недействительный список: { $party }: число адресов не должно превышать { $limit }, каждый адрес должен быть непустым и иметь длину не более { $max_len } байт
refusal-roster-key-change-signer = недействительный список: смена ключа списка должна быть подписана текущим ключом списка
refusal-roster-key-changes-exhausted = недействительный список: ключ списка уже сменялся максимально допустимое число раз ({ $limit })
refusal-roster-format = недействительный список: формат { $format } не поддерживается (этот узел читает формат { $supported })
refusal-roster-too-many-members = недействительный список: число членов превышает { $limit }
refusal-roster-wire-version-zero = недействительный список: версии формата обмена 0 не существует (нумерация версий начинается с 1)
refusal-roster-too-many-key-changes = недействительный список: число смен ключа списка превышает { $limit }
refusal-roster-members-unsorted = недействительный список: члены должны быть упорядочены по коду государства без повторов ({ $first }, затем { $second })
refusal-roster-peer-id-twice = недействительный список: { $state }: сетевой идентификатор { $peer_id } используется дважды
refusal-roster-keys-after-sequence = недействительный список: { $state }: ключи введены списком № { $since }, более поздним, чем этот (№ { $sequence })
refusal-roster-chair-not-member = недействительный список: функции Председателя возложены на { $state }, но это государство не является членом
refusal-roster-wrong-signer = недействительный список: этот список должен быть подписан ключом списка { $signer }, а не { $given }
refusal-roster-not-pinned = недействительный список: этот список подписан ключом списка { $signer }, но ни этот, ни какой-либо прежний ключ списка не совпадает с ключом, закрепленным на этом узле при инициализации
refusal-roster-join-own-key = заявка на присоединение: она должна быть подписана собственным ключом узла-заявителя
refusal-roster-join-signature = заявка на присоединение: { $state }: подпись не проходит проверку
refusal-roster-rotation-signers = смена ключей: она должна быть подписана указанными в ней прежним и новым ключами подписи
refusal-roster-rotation-not-by-previous = смена ключей: { $party }: не подписана прежним ключом подписи
refusal-roster-rotation-not-by-new = смена ключей: { $party }: не подписана новым ключом подписи
refusal-roster-rotation-same-key = смена ключей: { $party }: новый ключ подписи совпадает с прежним
refusal-roster-rotation-not-listed = смена ключей: { $party } не значится в списке
refusal-roster-rotation-transport-key = смена ключей: { $party }: при смене ключей сохраняется транспортный ключ узла { $held }, а не { $offered }
refusal-roster-rotation-previous-key = смена ключей: { $party } переходит с ключа подписи { $offered }, но в списке указан { $held }
# $label — название вставленного блока (DIEF ROSTER, DIEF JOIN REQUEST, DIEF KEY ROTATION), выводится как есть.
refusal-armor-missing = ожидается блок «{ $label }» (-----BEGIN { $label }-----)
refusal-armor-bad-hex = блок { $label } не является допустимой шестнадцатеричной записью
