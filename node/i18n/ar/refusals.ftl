## refusals: refusals worded from their key and arguments (issue 12)

## الحالات

refusal-case-not-own-share = الحالة { $case } مقدَّمة من الدولة { $provider }؛ ولا يحق لغير الجهة المقدِّمة لها مشاركتها
refusal-case-not-own-holders = الحالة { $case } مقدَّمة من الدولة { $provider }؛ ولا يحق لغير الجهة المقدِّمة لها الاطلاع على قائمة الجهات الحائزة لها
refusal-case-not-own-edit = الحالة { $case } مقدَّمة من الدولة { $provider }؛ ولا يحق لغير الجهة المقدِّمة لها تعديلها
refusal-case-not-own-withdraw = الحالة { $case } مقدَّمة من الدولة { $provider }؛ ولا يحق لغير الجهة المقدِّمة لها سحبها
refusal-case-not-for-sharing = لا يمكن مشاركة الحالة { $case }: فهي موسومة بأنها غير مخصصة للمشاركة (ToR-13)، إذ { $why ->
        [national_security] تتضمن معلومات تتعلق بالأمن الوطني
       *[ongoing_proceedings] من شأن مشاركتها أن تضر بإجراءات إنفاذ القانون الجارية
    }. ولا يمكن مشاركتها ما لم تُزِل الجهة المقدِّمة لها هذا الوسم.
refusal-case-not-for-sharing-note = لا يمكن مشاركة الحالة { $case }: فهي موسومة بأنها غير مخصصة للمشاركة (ToR-13)، إذ { $why ->
        [national_security] تتضمن معلومات تتعلق بالأمن الوطني
       *[ongoing_proceedings] من شأن مشاركتها أن تضر بإجراءات إنفاذ القانون الجارية
    } ({ $note }). ولا يمكن مشاركتها ما لم تُزِل الجهة المقدِّمة لها هذا الوسم.
refusal-case-withdrawn-share = سُحبت الحالة { $case }؛ فلا تُشارَك مرة أخرى
refusal-case-share-no-recipient = اختر دولة واحدة على الأقل للمشاركة معها
refusal-case-share-to-provider = الدولة { $state } هي الجهة المقدِّمة للحالة { $case }؛ فلا يمكن أن تكون من متلقيها
refusal-case-withdrawn-edit = سُحبت الحالة { $case }؛ فلا يمكن تعديلها
refusal-case-too-many-versions = عدد إصدارات الحالة { $case } كبير جداً
refusal-case-already-withdrawn = الحالة { $case } مسحوبة بالفعل

## التبادل: ما تحتاج إليه كل رسالة إجرائية

refusal-exchange-no-recipient = لا يوجد متلقٍّ
refusal-exchange-to-itself = لا يمكن للمشارك { $party } أن يرسل هذا إلى نفسه

## جهات الاتصال

refusal-contacts-state-only = لا تنشر بطاقاتِ الاتصال إلا الدول (ToR-20)

## صيغ الملفات (الاستيراد والاستخراج)

refusal-formats-misp-import = رُفض الاستيراد من MISP: { $detail }

## الاجتماعات

refusal-meetings-briefing-chair-only = لا يصوغ الإحاطاتِ إلا الرئيس (ToR-22)؛ والدولة { $state } ليست الرئيس
refusal-meetings-briefing-no-participant = لم تسجّل أي دولة وفداً في «{ $title }» بعد
refusal-meetings-briefing-not-participant = الدولة { $state } ليست من المشاركين في هذه الإحاطة
refusal-meetings-agenda-no-invitation = لم تُرسَل الدعوة إلى الاجتماع { $meeting } بعد: ادعُ الأعضاء أولاً
refusal-meetings-agenda-adopted = اعتُمد جدول أعمال الاجتماع { $meeting } في { $on }
refusal-meetings-agenda-no-draft = لا يوجد للاجتماع { $meeting } مشروع جدول أعمال لاعتماده
refusal-meetings-agenda-already-adopted = سبق أن اعتُمد جدول أعمال الاجتماع { $meeting } في { $on }
refusal-meetings-intent-not-own-case = لا يجوز للدولة { $state } أن تعرض إلا حالاتها، لا الحالة { $case }
refusal-meetings-intent-already-withdrawn = إعلان الاعتزام { $intent } مسحوب بالفعل
refusal-meetings-expert-intent-withdrawn = إعلان الاعتزام { $intent } مسحوب
refusal-meetings-expert-case-only = لا يُقترح الخبير إلا لعرض يتعلق بحالة (ToR-8)
refusal-meetings-expert-no-meeting = لم يُحدَّد اجتماع لهذا العرض بعد
refusal-meetings-expert-ack-proposer-only = لا تسجّل الإقرارَ إلا الدولة { $proposer }، التي اقترحت الخبير { $expert }
refusal-meetings-text-not-clear = يجب تقديم الحقل { $field } نصاً غير مختوم؛ فهذه العقدة هي التي تتولى ختمه
refusal-meetings-no-recipient = لا يوجد عضو يُرسَل إليه: { $what }

## الإجراءات بين الدول (ToR-12 و15 و16 و21)

refusal-procedures-replies-states-only = الردود المتعلقة بالحالات تكون بين الدول، لا مع الأمانة
refusal-procedures-threads-states-only = مناقشات المتابعة تكون بين الدول، لا مع الأمانة
refusal-procedures-notice-not-own = الحالة { $case } مقدَّمة من الدولة { $provider }؛ ولا ترسل الإخطارات بشأنها إلا الدولة التي تعرضها
refusal-procedures-notice-withdrawn = سُحبت الحالة { $case }؛ فلا تُعرض
refusal-procedures-notice-no-recipient = اذكر دولة معنية واحدة على الأقل (--to)
refusal-procedures-notice-to-itself = الدولة { $state } هي التي تعرض الحالة { $case }؛ فلا تُخطر نفسها
refusal-procedures-notice-too-late = اجتماع { $meeting } قد بدأ أو انقضى
refusal-procedures-not-a-notice = الرسالة { $message } ليست إخطاراً
refusal-procedures-right-of-reply-early = يُتاح حق الرد بعد العرض، في اجتماع { $meeting } (ToR-12)
refusal-procedures-challenge-itself = لا يمكن للمشارك أن يعترض على نفسه
refusal-procedures-challenge-own-answer = قدّمت هذه العقدة الاعتراض { $challenge }؛ والطرف الآخر هو الذي يرد عليه
refusal-procedures-challenge-close = لا يغلق الاعتراضَ { $challenge } إلا مقدِّمه
refusal-procedures-reply-no-recipient = حدِّد الجهة التي تردّ عليها بشأن الحالة { $case } (--to)
refusal-procedures-reply-to-itself = لا يمكن للدولة أن ترد على نفسها
refusal-procedures-reply-not-shared = لم تُشارَك الحالة { $case } قط مع الدولة { $state }: شاركها أولاً
refusal-procedures-thread-provider-only = لا تبدأ مناقشاتِ المتابعة بشأن الحالة { $case } إلا الدولة { $provider }، الجهة المقدِّمة لها (ToR-21)
refusal-procedures-not-a-thread = الرسالة { $message } لا تبدأ مناقشة
refusal-procedures-use-own-case = الحالة { $case } حالة تخص هذه الدولة نفسها؛ فلا يمكن أن يلزم بشأنها طلب استخدام
refusal-procedures-use-withdrawn = سحبت الجهة المقدِّمة الحالة { $case }
refusal-procedures-export-handling = وسمت الدولة { $provider } الحالة { $case } بالتصنيف { $marking }: لا يجوز استخراج حالة واردة تحمل هذا التصنيف
refusal-procedures-export-info-only = وسمت الدولة { $provider } الحالة { $case } بأنها للعلم فقط: لا يجوز استخدامها استخداماً عملياتياً (ToR-16)
refusal-procedures-export-withdrawn = سحبت الدولة { $provider } الحالة { $case }: لا يجوز استخدامها استخداماً عملياتياً ({ $reason })
refusal-procedures-export-not-agreed = يتطلب الاستخدام العملياتي للحالة { $case } الموافقة المسبقة للدولة { $provider } (ToR-16): وكان ردها الأخير { $decision ->
        [decline] الرفض
        [discuss] التشاور أولاً
       *[other] «{ $decision }»
    }
refusal-procedures-export-no-request = يتطلب الاستخدام العملياتي للحالة { $case } الموافقة المسبقة للدولة { $provider } (ToR-16): لم يُرسَل أي طلب استخدام؛ أرسل طلباً باستخدام `dief use request`
refusal-procedures-export-unanswered = يتطلب الاستخدام العملياتي للحالة { $case } الموافقة المسبقة للدولة { $provider } (ToR-16): لم يُرَدّ على طلب الاستخدام بعد

## النصوص المختومة (للدول الأعضاء)

refusal-sealed-too-long = الحقل { $field } طويل جداً: يبلغ حجمه بعد الختم { $len } بايت من النص المشفَّر، متجاوزاً الحد الأقصى البالغ { $limit } بايت
refusal-sealed-no-members = الحقل { $field } يُختم للدول الأعضاء، ولا تتضمن قائمة الأعضاء أي دولة بعد

## العضوية وقائمة الأعضاء

refusal-membership-addresses = عناوين طلب الانضمام: { $detail }
refusal-membership-admit-count = اقبل ما بين 1 و{ $max } من طلبات الانضمام في المرة الواحدة
refusal-membership-no-status = لم تُحدَّد في الإعدادات أي صفة عضوية
refusal-membership-other-keys = الدولة { $state } عضو بالفعل بمفاتيح أخرى ({ $fingerprint }): ولا تتغير مفاتيحها إلا بتغيير للمفاتيح موقَّع بمفتاحها الحالي (`dief keys rotate` على عقدتها)، أو، إن فقدت مفتاحها، باستخدام `dief roster recover`، الذي يُعرض على كل عضو
refusal-membership-recovery-reason = يتطلب استرداد المفاتيح سبباً يتراوح طوله بين 1 و{ $max } بايت، ويُعرض على كل عضو
refusal-membership-recover-not-member = الدولة { $state } ليست عضواً: اقبلها بطلب انضمام
refusal-membership-not-member = الدولة { $state } ليست عضواً
refusal-membership-wire-version = إصدار صيغة الرسائل { $version } ليس من الإصدارات التي يكتبها هذا الإصدار من البرنامج (من { $oldest } إلى { $newest })
refusal-membership-roster-key-offline = لا تحتفظ هذه العقدة بمفتاح القائمة { $fingerprint }: فالتوقيع به يجري دون اتصال (`dief roster sign`)
refusal-membership-alert-stale = لم تعد القائمة تدرج لـ { $party } المفاتيح التي يتعلق بها هذا التنبيه؛ انظر التنبيه الأحدث

## إعداد العقدة

refusal-node-config = { $detail }
refusal-node-roster-key-pin = يجب على الدولة تثبيت بصمة مفتاح القائمة (--roster-key)

## النسخ الاحتياطي والاستعادة

refusal-backup-dir-not-empty = المجلد { $dir } ليس فارغاً: استعد النسخة الاحتياطية في مجلد جديد (فالاستعادة لا تكتب أبداً فوق عقدة قائمة)
refusal-backup-no-config = لا تتضمن النسخة الاحتياطية الملف { $file }
refusal-backup-config-not-utf8 = الملف { $file } في النسخة الاحتياطية ليس بترميز UTF-8
refusal-backup-config-invalid = الملف { $file } في النسخة الاحتياطية: { $detail }

## الحسابات

refusal-accounts-wrong-password = كلمة المرور الحالية غير صحيحة

## واجهة برمجة التطبيقات

refusal-api-loopback-only = لا تستمع واجهة برمجة التطبيقات إلا على واجهة الاسترجاع المحلية (loopback)، لا على { $addr }
refusal-api-metrics-loopback-only = لا يستمع منفذ المقاييس إلا على واجهة الاسترجاع المحلية (loopback)، لا على { $addr }
refusal-api-secretariat-reads-concern = ستقرأ الأمانة موضوع القلق هذا (فهو مشفَّر للأمانة، وهي التي تفتحه): أكِّد ذلك بالخيار secretariat_reads (dief challenge send --secretariat-reads)
refusal-api-secretariat-reads-answer = ستقرأ الأمانة هذا الرد (فهو مشفَّر للأمانة، وهي التي تفتحه): أكِّد ذلك بالخيار secretariat_reads (dief challenge answer --secretariat-reads)
refusal-api-secretariat-reads-close = ستقرأ الأمانة ملاحظة الإغلاق هذه (فهي مشفَّرة للأمانة، وهي التي تفتحها): أكِّد ذلك بالخيار secretariat_reads (dief challenge close --secretariat-reads)

## الشبكة التجريبية (dief demo)

refusal-federation-already-in = الدولة { $state } موجودة بالفعل في هذه الشبكة
refusal-federation-node-running = عقدة { $party } قيد التشغيل؛ أوقفها أولاً
