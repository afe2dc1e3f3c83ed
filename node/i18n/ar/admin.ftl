# dief web interface: the admin pages (ar).
# الإدارة (/admin)، سجل التدقيق (/audit)، دليل جهات الاتصال (/contacts).

admin-title = الإدارة
admin-see-also = صفحات ذات صلة
admin-secretariat = الأمانة
admin-secretariat-only = لا تدير قائمة المشاركين إلا الأمانة.

## نتيجة الإجراء الأخير
admin-done-acknowledged = تم الإقرار بالتنبيه.
admin-done-retried = أُعيدت الإرساليات المنحّاة إلى قائمة الانتظار.
admin-done-published = وُقّعت القائمة وأُرسلت إلى كل عضو.
admin-done-drafted = مفتاح القائمة ليس على هذه العقدة: لم يُحفظ التغيير إلا كمشروع. وقّع المشروع حيث يُحفظ مفتاح القائمة باستخدام أداة سطر الأوامر، ثم انشر القائمة الموقّعة.

## المفاتيح
admin-keys = مفاتيح هذه العقدة
admin-keys-signing = مفتاح التوقيع (البصمة)
admin-keys-encryption = مفتاح التشفير (المعرّف)
admin-keys-retired = مفاتيح التشفير المسحوبة
admin-keys-grace = { $days ->
    [zero] تُتلف فور تغيير المفاتيح.
    [one] تُحفظ يومًا واحدًا بعد تغيير المفاتيح ثم تُتلف.
    [two] تُحفظ يومين بعد تغيير المفاتيح ثم تُتلف.
    [few] تُحفظ { $days } أيام بعد تغيير المفاتيح ثم تُتلف.
    [many] تُحفظ { $days } يومًا بعد تغيير المفاتيح ثم تُتلف.
   *[other] تُحفظ { $days } يوم بعد تغيير المفاتيح ثم تُتلف.
}
admin-keys-pending = مفتاح توقيع جديد بانتظار إدراجه في القائمة
admin-keys-roster = مفتاح القائمة (البصمة)
admin-keys-roster-offline = ليس على هذه العقدة (محفوظ دون اتصال)

## التنبيهات
admin-alerts = التنبيهات
admin-alerts-none = لا توجد تنبيهات.
admin-alert-raised = صدر في { $at }
admin-alert-keys-replaced = تمنح القائمة رقم { $sequence } الطرف { $party } مفاتيح جديدة ({ $listed }؛ والمفاتيح التي تحتفظ بها هذه العقدة هي { $pinned }). تواصل هذه العقدة استخدام المفاتيح التي لديها إلى أن تُقرّ بالتنبيه.
admin-alert-recovery-declared = تعلن الأمانة استرداد المفاتيح للسبب التالي:
admin-alert-no-rotation = لا يوجد تغيير مفاتيح موقّع بالمفتاح السابق يشهد للمفاتيح الجديدة.
admin-alert-own-keys = تدرج القائمة رقم { $sequence } لهذه العقدة مفاتيح ليست مفاتيحها ({ $listed }؛ ومفاتيح هذه العقدة هي { $own }). يحتفظ الأعضاء الذين يتحققون من الاستمرارية بمفاتيح هذه العقدة. اسأل الأمانة عن السبب.
admin-alert-split-view = تباين في القائمة: لدى { $party } القائمة رقم { $sequence } بالملخّص { $other }، ولدى هذه العقدة الملخّص { $held }. وُقّعت قائمتان مختلفتان بالرقم نفسه. قارن بينهما مع { $party } عبر قناة خارج هذا النظام.
admin-alert-confirm = لقد تحققت من ذلك مع الدولة المعنية عبر قناة خارج هذا النظام (الهاتف، اجتماع، مذكرة دبلوماسية).
admin-alert-acknowledge = إقرار
admin-alert-acknowledged = أقرّ به { $by } في { $at }
admin-alert-unconfirmed = ضع علامة في المربع لتبيّن أنك تحققت من ذلك عبر قناة أخرى قبل الإقرار.

## قائمة المشاركين
admin-roster = قائمة المشاركين
admin-roster-none = ليست لدى هذه العقدة قائمة بعد.
admin-roster-sequence = القائمة رقم { $sequence }، صادرة في { $at }
admin-roster-key = مفتاح القائمة (البصمة)
admin-roster-chair = الرئيس
admin-roster-chair-term = { $state }، تنتهي ولايته في { $date }
admin-roster-no-chair = لم يُعيَّن رئيس.
admin-roster-state = الدولة
admin-roster-status = الصفة
admin-status-state-party = دولة طرف
admin-status-signatory = دولة موقّعة

## إدارة القائمة (الأمانة)
admin-roster-admin = إدارة القائمة
admin-roster-offline = مفتاح القائمة محفوظ دون اتصال: لا يؤدي القبول أو الشطب أو تعيين الرئيس هنا إلا إلى إعداد مشروع القائمة التالية. ولا تسري إلا بعد توقيعها حيث يُحفظ المفتاح ونشرها.
admin-roster-draft-waiting = مشروع القائمة رقم { $sequence } بانتظار توقيعه دون اتصال.
admin-roster-admit = قبول دولة
admin-roster-admit-text = طلب انضمام الدولة (الصق كتلة النص كاملة، بما في ذلك السطران الأول والأخير ذوا الشرطات)
admin-roster-bad-join = هذا ليس طلب انضمام صالحًا: الصق الكتلة كاملة كما أرسلتها الدولة.
admin-roster-remove = شطب دولة
admin-roster-remove-confirm = أؤكد أن هذه الدولة تغادر القائمة: لن تتلقى شيئًا بعد الآن.
admin-roster-remove-unconfirmed = ضع علامة في المربع لتأكيد الشطب.
admin-roster-set-chair = تعيين الرئيس
admin-roster-term-ends = نهاية الولاية
admin-roster-pick-state = اختر دولة من القائمة.

## الإرساليات المنحّاة
admin-set-aside = الإرساليات المنحّاة
admin-set-aside-none = لا توجد إرساليات منحّاة: كل إرسالية سُلّمت أو ما زالت محاولات تسليمها جارية.
admin-set-aside-sent = أُرسلت في
admin-set-aside-kind = الموضوع
admin-set-aside-case = الحالة
admin-set-aside-recipients = منحّاة بالنسبة إلى
admin-set-aside-action = الإجراء
admin-set-aside-attempts = { $n ->
    [zero] دون أي محاولة
    [one] بعد محاولة واحدة
    [two] بعد محاولتين
    [few] بعد { $n } محاولات
    [many] بعد { $n } محاولة
   *[other] بعد { $n } محاولة
}
admin-retry = إعادة المحاولة

## النسخ الاحتياطي
admin-backup = النسخ الاحتياطي
admin-backup-last = أُخذت آخر نسخة احتياطية في { $at }.
admin-backup-file = الملف:
admin-backup-never = لم تُؤخذ أي نسخة احتياطية منذ بدء تشغيل العقدة.
admin-backup-failed = فشلت آخر محاولة للنسخ الاحتياطي.

## سجل التدقيق
admin-audit-title = سجل التدقيق
admin-audit-intact = { $n ->
    [zero] تم التحقق: السجل سليم (لا يحتوي على أي قيد).
    [one] تم التحقق: السجل سليم (قيد واحد موجود ومرتّب ولم يُعدَّل).
    [two] تم التحقق: السجل سليم (القيدان موجودان ومرتّبان ولم يُعدَّلا).
    [few] تم التحقق: السجل سليم (جميع القيود الـ { $n } موجودة ومرتّبة ولم تُعدَّل).
    [many] تم التحقق: السجل سليم (جميع القيود البالغ عددها { $n } قيدًا موجودة ومرتّبة ولم تُعدَّل).
   *[other] تم التحقق: السجل سليم (جميع القيود البالغ عددها { $n } قيد موجودة ومرتّبة ولم تُعدَّل).
}
admin-audit-tampered = { $n ->
    [zero] السجل غير سليم: وجد التحقق منذ القيد الأول ما يلي:
    [one] السجل غير سليم: بعد قيد واحد سليم، وجد التحقق ما يلي:
    [two] السجل غير سليم: بعد قيدين سليمين، وجد التحقق ما يلي:
    [few] السجل غير سليم: بعد { $n } قيود سليمة، وجد التحقق ما يلي:
    [many] السجل غير سليم: بعد { $n } قيدًا سليمًا، وجد التحقق ما يلي:
   *[other] السجل غير سليم: بعد { $n } قيد سليم، وجد التحقق ما يلي:
}
admin-audit-unlisted = تعذّر عرض القيود.
admin-audit-none = لا يحتوي السجل على أي قيد.
admin-audit-seq = الرقم
admin-audit-time = الوقت
admin-audit-user = المستخدم
admin-audit-action = الإجراء
admin-audit-case = الحالة
admin-audit-parties = الأطراف
admin-audit-no-user = (من الشبكة)
admin-audit-version = الصيغة { $n }
admin-audit-pages = صفحات السجل
admin-audit-page = الصفحة { $page } من { $pages }
admin-audit-newer = قيود أحدث
admin-audit-older = قيود أقدم
admin-audit-sent = أُرسل: { $kind }
admin-audit-delivered = وصل: { $kind }
admin-audit-receipted = ورد إشعار بالاستلام
admin-audit-case-created = سُجّلت الحالة
admin-audit-case-edited = عُدّلت الحالة
admin-audit-case-withdrawn = سُحبت الحالة
admin-audit-operational-export = صُدّرت للاستخدام العملياتي (ToR-16)
admin-audit-format-export = صُدّرت للاستخدام العملياتي (ToR-16) بصيغة { $format }
admin-audit-refused = رُفض
admin-audit-log-recovered = وجدت العقدة سجلها غير متسق فواصلت بعد آخر قيد
admin-audit-account-added = أُضيف حساب:
admin-audit-account-changed = عُدّل حساب:
admin-audit-password-changed = غُيّرت كلمة المرور:
admin-audit-language-changed = غُيّرت اللغة:
admin-audit-role-changed = غُيّر الدور:
admin-audit-account-disabled = عُطّل حساب:
admin-audit-account-enabled = فُعّل حساب:
admin-audit-signed-in = تسجيل دخول
admin-audit-sign-in-refused = رُفض تسجيل الدخول للاسم
admin-audit-other = حدث آخر

## نتائج التحقق
admin-finding-unreadable = تعذّرت قراءة جزء مخزّن من السجل: عُدّل أو نُقل أو بصيغة غير معروفة.
admin-finding-unexpected-key = يوجد بين القيود سجلّ غير متوقع ({ $key }).
admin-finding-deleted = حُذفت القيود من { $first } إلى { $last }.
admin-finding-reordered = أُعيد ترتيب القيود: الموضع { $position } يحتوي على القيد { $seq }.
admin-finding-edited = عُدّل القيد { $seq }: لم يعد يطابق بصمته.
admin-finding-chain-broken = القيد { $seq } غير مرتبط بالقيد { $previous }: استُبدل أحدهما.
admin-finding-truncated = اقتُطع السجل: يشير الرأس إلى القيد { $head } بينما آخر قيد هو { $last }.
admin-finding-head-missing = سجلّ الرأس مفقود مع وجود قيود حتى { $last }.
admin-finding-beyond-head = توجد قيود بعد الرأس عند { $head } (حتى { $last }): أُرجع الرأس إلى الوراء.
admin-finding-head-mismatch = يشير الرأس إلى القيد { $seq } ببصمة أخرى: استُبدل الرأس أو القيد.
admin-finding-recovered = يسجّل القيد { $seq } أن العقدة وجدت سجلها غير متسق وواصلت العمل.
admin-finding-other = وُجد تناقض آخر (انظر التفاصيل التقنية).

## دليل جهات الاتصال (ToR-20)
admin-contacts-title = دليل جهات الاتصال
admin-contact-state = الدولة
admin-contact-role = اختصاص الجهة
admin-contact-text = نص
admin-contact-search = بحث
admin-contact-none = لا توجد بطاقة اتصال مطابقة.
admin-contact-role-law_enforcement = جهات إنفاذ القانون
admin-contact-role-customs = الجمارك
admin-contact-role-licensing = ترخيص التصدير
admin-contact-role-foreign_ministry = وزارة الخارجية
admin-contact-role-other = أخرى
admin-contact-address = العنوان
admin-contact-languages = لغات العمل
admin-contact-languages-help = رموز اللغات مفصولة بفواصل، مثلًا: ar, fr
admin-contact-issued = تاريخ الإصدار
admin-contact-version = { $date } (الصيغة { $n })
admin-contact-notes = ملاحظات
admin-contact-notes-help = مختومة للدول الأعضاء: تنقل الأمانة البطاقة دون قراءة الملاحظات.
admin-contact-notes-sealed = مختومة: لا يمكن قراءتها على هذه العقدة.
admin-contact-function = الوظيفة
admin-contact-name = الاسم
admin-contact-email = البريد الإلكتروني
admin-contact-phone = الهاتف
admin-contact-person = جهة الاتصال { $n }
admin-contact-agency = الجهة
admin-contact-publish = نشر بطاقة الاتصال الخاصة بهذه الدولة
admin-contact-publish-help = توقّع هذه الدولة البطاقة وتُرسل عن طريق الأمانة إلى كل دولة عضو. ويحلّ النشر من جديد للجهة نفسها محل بطاقتها.
admin-contact-published = نُشرت البطاقة: تصل إلى الدول الأخرى عن طريق الأمانة.
admin-contact-function-missing = يجب أن تكون لكل جهة اتصال وظيفة.
