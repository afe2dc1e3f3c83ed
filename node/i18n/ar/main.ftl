# dief web interface: Arabic catalog (same keys as en.ftl, the reference).
# Project Fluent syntax: https://projectfluent.org
# Terminology follows the Arabic text of the Arms Trade Treaty
# (التسريب، مؤتمر الدول الأطراف، شهادة المستعمل النهائي، السمسرة...).

app-name = منتدى تبادل المعلومات المتعلقة بالتسريب · معاهدة تجارة الأسلحة
footer-confidential = سري: المعلومات المتبادلة في المنتدى مخصصة للدول التي تتلقاها، ويجري التعامل معها وفقاً للاختصاصات (ToR-15).

## التنقل
nav-label = القائمة الرئيسية
nav-skip = الانتقال إلى المحتوى
nav-home = الصفحة الرئيسية
nav-cases = الحالات
nav-messages = الرسائل
nav-meetings = الاجتماعات
nav-users = المستخدمون
nav-account = حسابي
nav-logout = تسجيل الخروج

## اللغات، كل منها باسمها في لغتها
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## الأدوار
role-administrator = مدير النظام
role-case_officer = الموظف المسؤول عن الحالات
role-liaison = ضابط الاتصال بأجهزة إنفاذ القانون
role-delegate = المندوب
role-reviewer = المراجِع

## التواريخ
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
date-long = { $day } { $month } { $year }

## تسجيل الدخول والحساب
login-title = تسجيل الدخول
login-name = اسم المستخدم
login-password = كلمة المرور
login-submit = تسجيل الدخول
login-refused = اسم المستخدم أو كلمة المرور غير صحيحين.
login-throttled = { $seconds ->
    [zero] عدد المحاولات الفاشلة كبير جداً. أعد المحاولة بعد { $seconds } ثانية.
    [one] عدد المحاولات الفاشلة كبير جداً. أعد المحاولة بعد ثانية واحدة.
    [two] عدد المحاولات الفاشلة كبير جداً. أعد المحاولة بعد ثانيتين.
    [few] عدد المحاولات الفاشلة كبير جداً. أعد المحاولة بعد { $seconds } ثوانٍ.
    [many] عدد المحاولات الفاشلة كبير جداً. أعد المحاولة بعد { $seconds } ثانية.
   *[other] عدد المحاولات الفاشلة كبير جداً. أعد المحاولة بعد { $seconds } ثانية.
}
account-title = حسابي
account-role = الدور
account-language = اللغة
account-language-save = تغيير اللغة
account-password = كلمة المرور
account-password-current = كلمة المرور الحالية
account-password-new = كلمة المرور الجديدة (الحد الأدنى لعدد الأحرف: { $min })
account-password-save = تغيير كلمة المرور
account-saved-language = تم تغيير اللغة.
account-saved-password = تم تغيير كلمة المرور، وأُنهيت جلساتك الأخرى.
users-title = مستخدمو هذه العقدة
users-add = إضافة مستخدم
users-created = تاريخ الإنشاء
users-status = الحالة
users-actions = التغييرات
users-enabled = مفعَّل
users-disabled-on = معطَّل منذ { $date }
users-change-role = تغيير الدور
users-disable = تعطيل
users-enable = تفعيل

## الصفحة الرئيسية
home-title = الصفحة الرئيسية
home-node = هذه العقدة
home-party = المشارك
home-roster = قائمة الأعضاء
home-roster-seq = الإصدار { $seq }، { $members ->
    [zero] لا أعضاء
    [one] عضو واحد
    [two] عضوان
    [few] { $members } أعضاء
    [many] { $members } عضواً
   *[other] { $members } عضو
}
home-roster-none = لا توجد قائمة أعضاء بعد
home-connected = الأعضاء المتصلون
home-inbox = الرسائل الواردة
home-outbox = الرسائل التي تنتظر التسليم
home-all-well = كل شيء على ما يرام.
home-attention = تحتاج هذه العقدة إلى تدخل المشغِّل:
home-deadlines = المواعيد النهائية
home-deadlines-warn = { $count ->
    [zero] لم يقترب أي موعد نهائي ولم يفت أي موعد.
    [one] اقترب موعد نهائي واحد أو فات.
    [two] اقترب موعدان نهائيان أو فاتا.
    [few] اقتربت { $count } مواعيد نهائية أو فاتت.
    [many] اقترب { $count } موعداً نهائياً أو فات.
   *[other] اقترب { $count } موعد نهائي أو فات.
}
home-ical = إضافة المواعيد النهائية إلى برنامج تقويم (iCalendar)

## المواعيد النهائية
deadlines-none = لا توجد مواعيد نهائية.
deadlines-due = تاريخ الاستحقاق
deadlines-what = الموضوع
deadlines-rule = القاعدة
deadlines-meeting = الاجتماع
deadlines-status = الوضع
deadlines-yours = يخصك
deadline-invitation = الدعوة إلى «{ $meeting }»
deadline-agenda = مشروع جدول أعمال «{ $meeting }»
deadline-silence = إجراء الموافقة الضمنية بشأن الخبير { $expert }: تُقبل الاعتراضات حتى الموعد النهائي
deadline-escalation = يُحال الاعتراض غير المحسوم على الخبير { $expert } إلى الدول الأطراف الحاضرة
deadline-intents = { $count ->
    [0] يُغلق باب إعلانات اعتزام تقديم عروض في «{ $meeting }» عند اعتماد جدول أعماله
    [one] لديك إعلان واحد لاعتزام تقديم عرض في «{ $meeting }»، ويظل قائماً حتى اعتماد جدول أعماله
    [two] لديك إعلانان لاعتزام تقديم عروض في «{ $meeting }»، ويظلان قائمين حتى اعتماد جدول أعماله
    [few] لديك { $count } إعلانات لاعتزام تقديم عروض في «{ $meeting }»، وتظل قائمة حتى اعتماد جدول أعماله
    [many] لديك { $count } إعلاناً لاعتزام تقديم عروض في «{ $meeting }»، وتظل قائمة حتى اعتماد جدول أعماله
   *[other] لديك { $count } إعلان لاعتزام تقديم عروض في «{ $meeting }»، وتظل قائمة حتى اعتماد جدول أعماله
}
deadline-notices = الإشعارات الموجهة إلى الدول المعنية بشأن الحالة { $case }
deadline-expert-proposal = اقتراح خبير للعرض { $presentation }
deadline-notice-reply = الرد على إشعار { $from } بشأن الحالة { $case }
deadline-open = { $days ->
    [zero] مفتوح، ينتهي اليوم
    [one] مفتوح، يتبقى يوم واحد
    [two] مفتوح، يتبقى يومان
    [few] مفتوح، تتبقى { $days } أيام
    [many] مفتوح، يتبقى { $days } يوماً
   *[other] مفتوح، يتبقى { $days } يوم
}
deadline-near = { $days ->
    [0] قريب: يحل اليوم
    [one] قريب: يتبقى يوم واحد
    [two] قريب: يتبقى يومان
    [few] قريب: تتبقى { $days } أيام
    [many] قريب: يتبقى { $days } يوماً
   *[other] قريب: يتبقى { $days } يوم
}
deadline-missed = { $days ->
    [zero] فات اليوم
    [one] فات منذ يوم واحد
    [two] فات منذ يومين
    [few] فات منذ { $days } أيام
    [many] فات منذ { $days } يوماً
   *[other] فات منذ { $days } يوم
}
deadline-done = أُنجز في { $date }
deadline-done-late = أُنجز متأخراً، في { $date }

## الحالات
cases-title = الحالات
cases-new = تسجيل حالة
cases-create = تسجيل الحالة
cases-none = لم يُعثر على أي حالة.
cases-id = الحالة
cases-provider = الجهة المقدِّمة
cases-own = خاصة بنا
cases-updated = تاريخ التحديث
cases-search = بحث
cases-search-text = الكلمات
cases-search-country = البلد (الرمز)
cases-search-serial = الرقم التسلسلي
case-title = العنوان
case-summary = الملخص
case-status = الوضع
case-investigation = التحقيق
case-states-involved = الدول المعنية
case-codes-hint = (رموز من ثلاثة أحرف، يُفصل بينها بفواصل)
case-version = الإصدار
case-version-n = الإصدار { $n }
case-received-from = وردت من { $from }
case-withdrawn = مسحوبة
case-withdrawn-on = سحبت الجهة المقدِّمة هذه الحالة في { $date }.
case-not-given = غير مذكور
case-section-general = الحالة
case-section-marking = التصنيف وشروط التداول
case-section-diversion = التسريب
case-section-detection = الكشف
case-section-items = الأسلحة والأصناف
case-section-chain = سلسلة النقل
case-section-actors = الجهات الفاعلة
case-handling = شروط التداول (بروتوكول إشارات المرور TLP)
case-operational-use = الاستخدام العملياتي
case-confidentiality = تصنيف السرية الوطني
case-diversion-date = تاريخ التسريب
case-diversion-stage = المرحلة من سلسلة النقل
case-diversion-place = المكان
case-diversion-country = البلد (الرمز)
case-means = الوسائل والأساليب
case-transit-points = نقاط العبور
case-transit-points-hint = (يُفصل بينها بالرمز ;)
case-destinations = الوجهات
case-destinations-hint = (يُفصل بينها بالرمز ;)
case-brokers = السماسرة
case-brokers-hint = (يُفصل بينهم بالرمز ;)
case-detection-date = تاريخ الكشف
case-detection-agency = الجهة التي كشفت التسريب
case-detection-how = طريقة الكشف
case-item-n = الصنف { $n }
case-item-category = الفئة في معاهدة تجارة الأسلحة
case-item-type = النوع
case-item-make = الجهة الصانعة
case-item-model = الطراز
case-item-calibre = العيار
case-item-quantity = الكمية
case-item-serials = الأرقام التسلسلية
case-item-serials-hint = (يُفصل بينها بفواصل)
case-leg-n = الحلقة { $n }
case-leg-role = الدور
case-leg-entity = الشركة أو الجهاز أو الشخص
case-leg-country = البلد (الرمز)
case-leg-date = التاريخ
case-leg-licence = رخصة التصدير
case-leg-euc = شهادة المستعمل النهائي
case-actor-name = الاسم
case-actor-role = الدور
case-actor-country = البلد (الرمز)
case-actor-description = الوصف
case-attachments = المرفقات
case-bytes = { $n } بايت
case-holders = الدول التي تحوز هذه الحالة
case-edit = تعديل هذه الحالة
case-edit-title = تعديل الحالة { $id }
case-save = حفظ إصدار جديد
case-share = مشاركة هذه الحالة
case-share-with = المشاركة مع
case-share-send = المشاركة مع الدول المؤشَّر عليها
case-replies = الردود
case-replies-none = لا توجد ردود بعد.
case-reply = ردك
case-reply-to = الرد على
case-reply-send = إرسال الرد
case-export = استخراج الحالة للاستخدام العملياتي
case-export-note = يُقيَّد الاستخراج في سجل التدقيق. وتسري شروط الجهة المقدِّمة (ToR-16) على أي استخدام.
case-print = نسخة صالحة للطباعة

## المفردات
status-suspected = مشتبه فيه
status-detected = مكتشَف
investigation-ongoing = التحقيق جارٍ
investigation-closed = التحقيق مغلق
tlp-red = TLP:RED (للمشاركين المتلقين فقط)
tlp-amber_strict = TLP:AMBER+STRICT (للجهة المتلقية فقط)
tlp-amber = TLP:AMBER (للجهة المتلقية وللسلطات الوطنية، حسب الاقتضاء)
tlp-green = TLP:GREEN (داخل المنتدى)
tlp-clear = TLP:CLEAR (بلا قيود)
use-consult_provider = بعد التشاور مع الجهة المقدِّمة فقط (ToR-16)
use-pre_authorised = أذنت به الجهة المقدِّمة مسبقاً
use-not_permitted = للعلم فقط
stage-export = التصدير
stage-transit = العبور
stage-import = الاستيراد
stage-post_delivery = بعد التسليم
chain-manufacturer = الجهة الصانعة
chain-exporter = المصدِّر
chain-importer = المستورِد
chain-transit = جهة العبور
chain-broker = السمسار
chain-shipper = الشاحن
chain-freight_forwarder = وكيل الشحن
chain-financier = المموِّل
chain-end_user = المستعمل النهائي
category-battle_tanks = دبابات القتال
category-armoured_combat_vehicles = مركبات القتال المدرعة
category-large_calibre_artillery = منظومات المدفعية من العيار الكبير
category-combat_aircraft = الطائرات المقاتلة
category-attack_helicopters = المروحيات الهجومية
category-warships = السفن الحربية
category-missiles_and_launchers = القذائف وأجهزة إطلاق القذائف
category-small_arms_and_light_weapons = الأسلحة الصغيرة والأسلحة الخفيفة
category-ammunition = الذخائر/الأعتدة
category-parts_and_components = الأجزاء والمكونات

## الرسائل
messages-title = الرسائل
messages-inbox = الرسائل الواردة
messages-outbox = الرسائل الصادرة
messages-none = لا شيء.
messages-received = تاريخ الاستلام
messages-sent = تاريخ الإرسال
messages-from = المرسِل
messages-kind = النوع
messages-case = الحالة
messages-recipients = المتلقون
messages-delivered = سُلِّمت في { $at }
messages-pending = { $attempts ->
    [0] في الانتظار
    [one] في الانتظار، محاولة واحدة
    [two] في الانتظار، محاولتان
    [few] في الانتظار، { $attempts } محاولات
    [many] في الانتظار، { $attempts } محاولة
   *[other] في الانتظار، { $attempts } محاولة
}
messages-set-aside = مستبعَدة: رفضها المتلقي
kind-case_share = مشاركة حالة
kind-case_update = تحديث حالة
kind-reply = رد
kind-roster_update = قائمة الأعضاء
kind-case_withdrawal = سحب حالة
kind-involved_notice = إشعار إلى دولة معنية
kind-notice_reply = رد على إشعار
kind-right_of_reply = حق الرد
kind-use_request = طلب استخدام عملياتي
kind-use_answer = رد بشأن الاستخدام العملياتي
kind-challenge = طعن
kind-challenge_answer = رد على طعن
kind-challenge_close = إغلاق طعن
kind-thread_post = رسالة في مناقشة
kind-contact_card = بطاقة جهة الاتصال
kind-invitation = دعوة
kind-draft_agenda = مشروع جدول الأعمال
kind-agenda_adoption = اعتماد جدول الأعمال
kind-presentation_intent = إعلان اعتزام تقديم عرض
kind-intent_withdrawal = سحب إعلان الاعتزام
kind-registration = تسجيل وفد
kind-expert_proposal = اقتراح خبير
kind-expert_circulation = تعميم اقتراح خبير
kind-expert_record = خطوة في الإجراء المتعلق بالخبراء
kind-expert_acknowledgement = إقرار الخبير
kind-briefing_draft = مشروع إحاطة
kind-briefing_response = رد على إحاطة
kind-resend_request = طلب إعادة الإرسال
kind-key_rotation = مفاتيح جديدة لأحد المشاركين

## الاجتماعات
meetings-title = الاجتماعات
meetings-none = لا توجد اجتماعات مقررة.
meetings-dates = التواريخ
meetings-from-to = من { $first } إلى { $last }
meetings-venue = المكان
meetings-kind = إطار الانعقاد
meetings-kind-csp = خلال مؤتمر الدول الأطراف
meetings-kind-preparatory = خلال اجتماع تحضيري
meetings-invitation = الدعوة
meetings-invited-on = أُرسلت في { $date }
meetings-not-invited = لم تُرسل بعد
meetings-agenda = جدول الأعمال
meetings-agenda-none = لا يوجد مشروع بعد
meetings-agenda-circulated = عُمِّم المشروع
meetings-agenda-adopted = اعتُمد
meetings-registrations = الوفود المسجلة
meetings-send-invitation = إرسال الدعوة إلى جميع الأعضاء
meetings-schedule = تحديد موعد اجتماع
meetings-title-field = العنوان
meetings-first-day = اليوم الأول
meetings-last-day = اليوم الأخير
meetings-call = الدعوة إلى تقديم المساهمات

## الأخطاء
error-title = تعذّر ذلك
error-detail = تفاصيل تقنية (بالإنكليزية)
error-forbidden = لا يسمح دورك بذلك.
error-not-found = هذا غير موجود في هذه العقدة.
error-conflict = هذا موجود بالفعل.
error-disk-full = قرص العقدة ممتلئ: لم يُغيَّر أي شيء. أبلغ مشغِّل العقدة.
error-invalid = الطلب غير صالح.
error-internal = تعذّر على العقدة القيام بذلك. لم يُفقد أي شيء؛ أبلغ مشغِّل العقدة.
error-csrf = انتهت صلاحية هذه الاستمارة أو لم تصدر عن هذه العقدة. افتح الصفحة مرة أخرى وأعد المحاولة.
error-too-large = حجم ما أُرسل كبير جداً.
error-date = أحد التواريخ غير صالح: اكتبه بصيغة السنة-الشهر-اليوم.
error-field = أحد الحقول غير صالح.
error-field-value = الحقل «{ $field }» لا يقبل «{ $value }».
error-share-nobody = أشِّر على دولة واحدة على الأقل للمشاركة معها.

## Links to the other areas
case-procedures-link = الإجراءات المتعلقة بهذه الحالة: الإخطارات، والاستخدام العملياتي، والاعتراضات، والمناقشات، والسحب
meetings-open-link = تفاصيل هذا الاجتماع وخطواته
nav-admin = الإدارة
cases-search-more = معايير أخرى (ToR-19)
cases-search-broker = السمسار
cases-search-transit = نقطة العبور
cases-search-from = التسريب اعتباراً من
cases-search-to = التسريب حتى
nav-contacts = جهات الاتصال
case-attachments-add = إضافة ملفات
case-attachments-hint = (صور العلامات، والوثائق الممسوحة ضوئياً؛ 12 ميبيبايت كحد أقصى إجمالاً)
error-password-short = يجب ألا تقل كلمة المرور عن { $min } حرفاً.
error-password-long = كلمة المرور طويلة جداً.
error-password-name = يجب ألا تتضمن كلمة المرور اسم المستخدم.
error-user-exists = يوجد بالفعل مستخدم باسم { $name }.
error-user-name = اسم المستخدم { $name } غير صالح: استخدم حروفاً لاتينية صغيرة أو أرقاماً أو «.» أو «_» أو «-» أو «@».
error-no-roster = لا توجد لدى هذه العقدة قائمة أعضاء بعد.
error-secretariat-only = لا يجوز القيام بذلك إلا للأمانة.
error-state-only = لا يجوز القيام بذلك إلا لدولة.
error-not-for-secretariat = لا تحتفظ الأمانة أبداً بمحتوى الحالات: لا يمكنها القيام بذلك.
error-user-unknown = لا يوجد مستخدم باسم { $name }.
error-user-last-admin = { $name } هو آخر مدير نظام مفعَّل في هذه العقدة: امنح هذا الدور لحساب آخر أولاً.
error-user-role = الدور { $role } غير موجود: استخدم administrator أو case_officer أو liaison أو delegate أو reviewer.
error-user-language = اللغة { $language } ليست من اللغات الست: استخدم ar أو zh أو en أو fr أو ru أو es.
error-not-found-id = لا يوجد في هذه العقدة أي عنصر بالمعرّف { $id }.
error-already-initialised = توجد عقدة مهيّأة بالفعل في { $dir }.
error-shutting-down = العقدة قيد الإيقاف؛ أعد المحاولة بعد إعادة تشغيلها.
