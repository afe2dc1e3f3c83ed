# dief web interface: the procedures pages (ru).

procedures-title = Процедуры по случаю { $id }
procedures-case = Случай
procedures-back = Вернуться к процедурам по этому случаю
procedures-not-held = Этот узел не хранит данный случай; показаны только процедуры, в которых он участвует.
procedures-secretariat = Секретариат
procedures-state = Государство
procedures-version = Версия
procedures-sent-at = Отправлено
procedures-received-at = Получено
procedures-receipted-at = Подтверждение получения
procedures-not-receipted = подтверждения ещё нет
procedures-late = с опозданием
procedures-send = Отправить
procedures-note = Примечание
procedures-reply = Ответ

## Involved-State notices (ToR-12)
procedures-notices = Уведомления затронутым государствам (ToR-12)
procedures-notices-none = Уведомления по этому случаю не отправлялись и не поступали.
procedures-package-for = Совещание { $date }
procedures-package-open = Открыть пакет материалов к представлению
procedures-package-meeting = Пакет материалов к представлению на совещании
procedures-package-title = Пакет материалов к представлению случая { $id }
procedures-notice-due = Срок отправки уведомлений
procedures-reply-due = Срок ответов
procedures-answered = Ответили
procedures-not-answered = Не ответили
procedures-no-reply = ответа нет
procedures-right-of-reply = Право на ответ
procedures-right-of-reply-opens = Право на ответ открывается после представления, на совещании { $date }.
procedures-notice-from = Уведомление от { $from } к совещанию { $date }
procedures-meeting-ref = Обозначение совещания
procedures-notice-summary = Краткое изложение для затронутых государств
procedures-reply-by = Ответ просят дать до
procedures-replied-on = Ответ отправлен { $date }
procedures-notice-reply = Ваш ответ на это уведомление
procedures-notify = Уведомить затронутые государства
procedures-notify-to = Государства, затронутые этим случаем
procedures-meeting-date = Дата совещания
procedures-notify-note = Каждое государство получает отдельное уведомление. Уведомление, отправленное менее чем за 30 дней до совещания, всё равно уходит, но с пометкой об опоздании.
procedures-notify-send = Отправить уведомления

## Operational use (ToR-16)
procedures-use = Оперативное использование (ToR-16)
procedures-use-none = Запросов на оперативное использование этого случая нет.
procedures-use-from = Запрос от { $from }, { $date }
procedures-use-purpose = Цель
procedures-use-details = Подробности
procedures-use-details-note = Обязательны, если выбрана цель «другое».
procedures-use-state = Состояние запроса
procedures-use-state-pending = ожидает ответа источника
procedures-use-state-agreed = согласовано
procedures-use-state-declined = отклонено
procedures-use-state-discuss = требует обсуждения
procedures-purpose-export_assessment = оценка экспорта
procedures-purpose-enforcement_proceedings = правоприменительные действия
procedures-purpose-other = другое
procedures-decision-agree = Согласиться
procedures-decision-agree_with_conditions = Согласиться на условиях
procedures-decision-decline = Отказать
procedures-decision-discuss = Сначала обсудить
procedures-conditions = Условия
procedures-use-ask = Запросить у источника согласие на использование этого случая
procedures-use-send = Отправить запрос
procedures-use-answer = Ваш ответ
procedures-use-answer-send = Отправить ответ

## Challenges (ToR-15)
procedures-challenges = Оспаривания в связи с разглашением (ToR-15)
procedures-challenges-none = Ни одно оспаривание не касается этого случая.
procedures-challenge-between = Оспаривание от { $from } в адрес { $to }
procedures-challenge-state-open = открыто
procedures-challenge-state-answered = получен ответ
procedures-challenge-state-closed = закрыто
procedures-challenge-concern = Суть претензии
procedures-challenge-explanation = Объяснение
procedures-challenge-remedial = Меры по исправлению
procedures-challenge-closing-note = Заключительное примечание
procedures-challenge-open = Подать оспаривание по этому случаю
procedures-challenge-to = Кому адресовано оспаривание
procedures-challenge-send = Отправить оспаривание
procedures-challenge-answer = Отправить ответ
procedures-challenge-close = Закрыть оспаривание
procedures-secretariat-reads-warning = Текст, отправленный Секретариату, зашифрован для Секретариата, который его вскрывает и читает.
procedures-secretariat-reads = Я понимаю, что Секретариат прочтёт этот текст.

## Follow-up threads (ToR-21)
procedures-threads = Последующие обсуждения (ToR-21)
procedures-threads-none = Последующих обсуждений по этому случаю нет.
procedures-thread-participants = Участники
procedures-thread-follow-up = Ваше сообщение в этом обсуждении
procedures-thread-start = Начать обсуждение
procedures-thread-with = С государствами, у которых есть этот случай
procedures-thread-subject = Тема
procedures-thread-body = Сообщение
procedures-thread-send = Начать обсуждение

## Versions, holders and withdrawal
procedures-versions = Версии и их держатели
procedures-current-version = Версия { $n } от { $date }.
procedures-held-from = Получен от { $from }; хранится здесь с { $date }.
procedures-holders = У кого какая версия
procedures-holders-none = Этот случай никому не передавался.
procedures-distribution = Все отправленные версии
procedures-sent-as = Вид отправки
procedures-kind-case_share = первая передача
procedures-kind-case_update = обновление
procedures-kind-case_withdrawal = отзыв
procedures-withdraw = Отозвать этот случай
procedures-withdraw-note = Каждое государство, у которого есть этот случай, получает сообщение об отзыве с указанием причины. Случай больше не передаётся.
procedures-withdraw-reason = Причина отзыва
procedures-withdraw-send = Отозвать случай
procedures-withdrawn-on = Отозван источником { $date } (версия { $n }).

## Errors
procedures-error-date = Дата совещания указана неверно: запишите её в виде год-месяц-день.
procedures-error-nobody = Отметьте хотя бы одно государство.
procedures-error-state = Одно из указанных государств указано неверно.
procedures-error-purpose = Выберите цель использования.
procedures-error-decision = Выберите ответ.
procedures-error-secretariat-reads = Секретариат прочтёт этот текст: отметьте поле, чтобы подтвердить, что вы об этом знаете.
