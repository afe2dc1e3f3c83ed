# dief web interface: the procedures pages (ar).

procedures-title = الإجراءات المتعلقة بالحالة { $id }
procedures-case = الحالة
procedures-back = العودة إلى الإجراءات المتعلقة بهذه الحالة
procedures-not-held = لا تحتفظ هذه العقدة بهذه الحالة؛ ولا تُعرض إلا الإجراءات التي تشارك فيها.
procedures-secretariat = الأمانة
procedures-state = الدولة
procedures-version = الصيغة
procedures-sent-at = الإرسال
procedures-received-at = الاستلام
procedures-receipted-at = إشعار الاستلام
procedures-not-receipted = لم يصل إشعار الاستلام بعد
procedures-late = متأخر
procedures-send = إرسال
procedures-note = ملاحظة
procedures-reply = الرد

## Involved-State notices (ToR-12)
procedures-notices = الإخطارات الموجهة إلى الدول المعنية (ToR-12)
procedures-notices-none = لم يُرسَل ولم يُستلم أي إخطار بشأن هذه الحالة.
procedures-package-for = اجتماع { $date }
procedures-package-open = فتح ملف العرض
procedures-package-meeting = ملف العرض لاجتماع يوم
procedures-package-title = ملف عرض الحالة { $id }
procedures-notice-due = آخر موعد للإخطارات
procedures-reply-due = الموعد المطلوب للردود
procedures-answered = الدول التي ردّت
procedures-not-answered = الدول التي لم تردّ
procedures-no-reply = لا يوجد رد
procedures-right-of-reply = حق الرد
procedures-right-of-reply-opens = يُتاح حق الرد بعد العرض، في اجتماع { $date }.
procedures-notice-from = إخطار من { $from } بشأن اجتماع { $date }
procedures-meeting-ref = مرجع الاجتماع
procedures-notice-summary = موجز موجّه إلى الدول المعنية
procedures-reply-by = الموعد المطلوب للرد
procedures-replied-on = أُرسل الرد في { $date }
procedures-notice-reply = ردكم على هذا الإخطار
procedures-notify = إخطار الدول المعنية
procedures-notify-to = الدول المعنية بهذه الحالة
procedures-meeting-date = تاريخ الاجتماع
procedures-notify-note = تتلقى كل دولة إخطاراً خاصاً بها. ويُرسَل الإخطار الذي يصدر قبل الاجتماع بأقل من 30 يوماً مع وسمه بأنه متأخر.
procedures-notify-send = إرسال الإخطارات

## Operational use (ToR-16)
procedures-use = الاستخدام العملياتي (ToR-16)
procedures-use-none = لا توجد طلبات للاستخدام العملياتي لهذه الحالة.
procedures-use-from = طلب من { $from }، { $date }
procedures-use-purpose = الغرض
procedures-use-details = التفاصيل
procedures-use-details-note = تلزم التفاصيل إذا كان الغرض «غير ذلك».
procedures-use-state = حالة الطلب
procedures-use-state-pending = بانتظار رد الجهة المقدِّمة
procedures-use-state-agreed = تمت الموافقة
procedures-use-state-declined = مرفوض
procedures-use-state-discuss = يحتاج إلى تشاور
procedures-purpose-export_assessment = تقييم صادرات
procedures-purpose-enforcement_proceedings = إجراءات إنفاذ القانون
procedures-purpose-other = غير ذلك
procedures-decision-agree = الموافقة
procedures-decision-agree_with_conditions = الموافقة بشروط
procedures-decision-decline = الرفض
procedures-decision-discuss = التشاور أولاً
procedures-conditions = الشروط
procedures-use-ask = طلب موافقة الجهة المقدِّمة على استخدام هذه الحالة
procedures-use-send = إرسال الطلب
procedures-use-answer = ردكم
procedures-use-answer-send = إرسال الرد

## Challenges (ToR-15)
procedures-challenges = الاعتراضات المتعلقة بالإفصاح (ToR-15)
procedures-challenges-none = لا يوجد اعتراض يذكر هذه الحالة.
procedures-challenge-between = اعتراض من { $from } موجّه إلى { $to }
procedures-challenge-state-open = مفتوح
procedures-challenge-state-answered = تم الرد عليه
procedures-challenge-state-closed = مغلق
procedures-challenge-concern = موضوع القلق
procedures-challenge-explanation = التوضيح
procedures-challenge-remedial = التدابير التصحيحية
procedures-challenge-closing-note = ملاحظة الإغلاق
procedures-challenge-open = تقديم اعتراض بشأن هذه الحالة
procedures-challenge-to = الجهة المعترَض عليها
procedures-challenge-send = إرسال الاعتراض
procedures-challenge-answer = إرسال الرد
procedures-challenge-close = إغلاق الاعتراض
procedures-secretariat-reads-warning = النص المرسل إلى الأمانة يُشفَّر للأمانة، وهي التي تفتحه وتقرؤه.
procedures-secretariat-reads = أدرك أن الأمانة ستقرأ هذا النص.

## Follow-up threads (ToR-21)
procedures-threads = مناقشات المتابعة (ToR-21)
procedures-threads-none = لا توجد مناقشات متابعة بشأن هذه الحالة.
procedures-thread-participants = المشاركون
procedures-thread-follow-up = رسالتكم في هذه المناقشة
procedures-thread-start = بدء مناقشة
procedures-thread-with = مع الدول التي تحتفظ بالحالة
procedures-thread-subject = الموضوع
procedures-thread-body = الرسالة
procedures-thread-send = بدء المناقشة

## Versions, holders and withdrawal
procedures-versions = الصيغ والجهات الحائزة
procedures-current-version = الصيغة { $n } بتاريخ { $date }.
procedures-held-from = وردت من { $from }؛ ومحفوظة هنا منذ { $date }.
procedures-holders = مَن يحوز أي صيغة
procedures-holders-none = لم تُشارَك هذه الحالة.
procedures-distribution = جميع الصيغ المرسلة
procedures-sent-as = نوع الإرسال
procedures-kind-case_share = المشاركة الأولى
procedures-kind-case_update = تحديث
procedures-kind-case_withdrawal = سحب
procedures-withdraw = سحب هذه الحالة
procedures-withdraw-note = تُبلَّغ كل دولة تحتفظ بالحالة بسحبها مع ذكر السبب. ولا تُشارَك الحالة مرة أخرى.
procedures-withdraw-reason = سبب السحب
procedures-withdraw-send = سحب الحالة
procedures-withdrawn-on = سحبتها الجهة المقدِّمة في { $date } (الصيغة { $n }).

## Errors
procedures-error-date = تاريخ الاجتماع غير صالح: اكتبه بصيغة السنة-الشهر-اليوم.
procedures-error-nobody = أشِّر على دولة واحدة على الأقل.
procedures-error-state = إحدى الدول المذكورة غير صالحة.
procedures-error-purpose = اختر غرض الاستخدام.
procedures-error-decision = اختر رداً.
procedures-error-secretariat-reads = ستقرأ الأمانة هذا النص: أشِّر على المربع لتأكيد علمكم بذلك.
