## protocol: refusals worded from their key and arguments (issue 12)

## الحالات: القواعد التي يجب أن تستوفيها الحالة قبل حفظها أو مشاركتها

refusal-case-empty = يجب ألا يكون الحقل { $field } فارغاً
refusal-case-too-long = يبلغ طول الحقل { $field } { $len } بايت، وهو ما يتجاوز الحد الأقصى البالغ { $limit } بايت
refusal-case-too-many = يبلغ عدد عناصر الحقل { $field } { $count }، وهو ما يتجاوز الحد الأقصى البالغ { $limit }
refusal-case-text-too-large = يبلغ الحجم الإجمالي لنص الحالة { $total } بايت، وهو ما يتجاوز الحد الأقصى البالغ { $limit } بايت
refusal-case-attachments-too-large = يبلغ الحجم الإجمالي للمرفقات { $total } بايت، وهو ما يتجاوز الحد الأقصى البالغ { $limit } بايت
refusal-case-detection-before-diversion = التاريخ { $detection } في الحقل detection.date سابق للتاريخ { $diversion } في الحقل diversion.date: لا يمكن كشف التسريب قبل وقوعه (ToR-18)
refusal-case-range-end-before-start = القيمة { $end } في الحقل { $field } سابقة لبداية النطاق ({ $start })
refusal-case-range-end-without-start = الحقل { $field } محدَّد، في حين أن بداية النطاق غير محدَّدة
# $tag and $value come quoted, with any control character escaped ("t\tuh"), so that nothing invisible hides in them.
refusal-case-language-tag = القيمة { $tag } في الحقل { $field } ليست وسماً لغوياً سليم الصياغة وفق المعيار BCP 47 (مثل «en» أو «fr» أو «zh-Hans»)
refusal-case-zero-quantity = يجب ألا تقل قيمة الحقل { $field } عن 1
refusal-case-serials-exceed-quantity = يبلغ عدد الأرقام التسلسلية المدرجة في الحقل { $field } { $serials }، في حين أن الكمية { $quantity }
refusal-case-year-out-of-range = السنة { $year } في الحقل { $field } تقع خارج النطاق من { $min } إلى { $max }
refusal-case-in-future = القيمة { $value } في الحقل { $field } لاحقة لتاريخ اليوم ({ $today })
refusal-case-hash-mismatch = الحقل { $field }: قيمة التجزئة SHA-256 لمحتوى المرفق لا تطابق قيمة التجزئة المسجلة له
refusal-case-empty-place = يتطلب الحقل { $field } اسماً أو بلداً
refusal-case-duplicate = تَرِد القيمة { $value } في الحقل { $field } أكثر من مرة
refusal-case-other-known-term = رُفضت القيمة { $value } في الحقل { $field }: فهي مصطلح معروف كُتب بوصفه «غير ذلك» (Other)؛ استخدم المصطلح نفسه
refusal-case-file-name = رُفضت القيمة { $value } في الحقل { $field }: يجب أن تكون اسم ملف لا يتضمن مساراً ولا أحرف تحكم
refusal-case-media-type = رُفضت القيمة { $value } في الحقل { $field }: يجب أن تكون نوع وسائط مثل image/jpeg
refusal-case-category = رُفضت القيمة { $value } في الحقل { $field }: فهي ليست من فئات معاهدة تجارة الأسلحة (battle_tanks … small_arms_and_light_weapons، ammunition، parts_and_components)
refusal-case-invalid = رُفضت القيمة { $value } في الحقل { $field }: { $why }
refusal-case-version = الإصدار هو 0: يبدأ ترقيم إصدارات الحالة من 1
refusal-case-updated-before-created = القيمة { $updated_at } في الحقل updated_at سابقة للقيمة { $created_at } في الحقل created_at
# $reason is serde's own English words: technical, not translated.
refusal-case-decode = { $field }: { $reason }

## محتوى الرسائل: ما تحمله أي رسالة

# $detail is the decoder's English words: technical, not translated.
refusal-payload-codec = { $detail }
refusal-payload-too-long = يبلغ طول الحقل { $field } { $len } بايت، وهو ما يتجاوز الحد الأقصى البالغ { $limit } بايت
refusal-payload-empty = يجب ألا يكون الحقل { $field } فارغاً
# $tag comes quoted and escaped, as in refusal-case-language-tag.
refusal-payload-language-tag = القيمة { $tag } ليست وسماً لغوياً وفق المعيار BCP 47 (مثل en أو fr أو ar أو zh-Hans)
refusal-payload-version-zero = يبدأ ترقيم إصدارات الحالات من 1
refusal-payload-not-provider = الحالة { $case } لا تعود إلى الجهة المقدِّمة { $provider }
# $why is the ground of the marking (ToR-13), one of the two below.
refusal-payload-not-for-sharing = الحالة { $case }: هذه الحالة موسومة بأنها غير مخصصة للمشاركة (ToR-13)، إذ { $why ->
        [national_security] تتضمن معلومات تتعلق بالأمن الوطني
       *[ongoing_proceedings] من شأن مشاركتها أن تضر بإجراءات إنفاذ القانون الجارية
    }. ولا يمكن مشاركتها ما لم تُزِل الجهة المقدِّمة لها هذا الوسم.
# $note is the provider's own words, shown as written.
refusal-payload-not-for-sharing-noted = الحالة { $case }: هذه الحالة موسومة بأنها غير مخصصة للمشاركة (ToR-13)، إذ { $why ->
        [national_security] تتضمن معلومات تتعلق بالأمن الوطني
       *[ongoing_proceedings] من شأن مشاركتها أن تضر بإجراءات إنفاذ القانون الجارية
    } ({ $note }). ولا يمكن مشاركتها ما لم تُزِل الجهة المقدِّمة لها هذا الوسم.
refusal-payload-resend-before-epoch = طلب إعادة إرسال اعتباراً من { $since_ms } ملّي ثانية: وهو تاريخ سابق لنقطة البداية المرجعية (epoch)
# $what names the signed body (a contact card, an expert acknowledgement); $detail is the decoder's English words.
refusal-payload-undecodable = { $what }: { $detail }

## الإجراءات: الإخطارات والمناقشات

refusal-notice-reply-after-meeting = لا يجوز أن يكون الموعد المطلوب للرد على الإخطار ({ $reply_by }) لاحقاً لموعد الاجتماع ({ $meeting })
refusal-thread-too-few = تتطلب المناقشة دولتين على الأقل
refusal-thread-too-many = لا يجوز أن يتجاوز عدد الدول المشاركة في المناقشة { $limit }، والعدد المذكور هو { $count }
refusal-thread-duplicate = ذُكرت إحدى الدول مرتين بين المشاركين في المناقشة

## النصوص المختومة: نصوص حرة مختومة للدول الأعضاء

# $detail is the key's English words: technical, not translated.
refusal-sealed-key = { $detail }
refusal-sealed-no-recipients = يتطلب النص المختوم دولة عضواً واحدة على الأقل يُختم لها
refusal-sealed-too-many-recipients = عدد المتلقين { $count }، والحد الأقصى { $limit }
refusal-sealed-duplicate-recipient = ذُكرت الدولة { $state } مرتين بين المتلقين
refusal-sealed-unknown-party = المشارك { $party } ليس دولة عضواً مدرجة في قائمة الأعضاء
refusal-sealed-text-too-long = النص المختوم للحقل { $field }: يبلغ حجمه { $len } بايت من النص المشفَّر، وهو ما يتجاوز الحد الأقصى البالغ { $limit } بايت
refusal-sealed-not-for-me = الدولة { $state } ليست من متلقي هذا النص
refusal-sealed-wrong-key = خُتم النص بالمفتاح { $found } الخاص بـ { $me }، الذي لم تعد هذه العقدة تحتفظ به
refusal-sealed-sender-key = خُتم النص بالمفتاح { $used } الخاص بمرسِله، لا بالمفتاح المقدَّم ({ $given })
# $detail is the cipher's English words: technical, not translated.
refusal-sealed-decrypt = تعذّر فتح النص المختوم: { $detail } (عُبث به، أو نُقل من رسالة أخرى أو من حقل آخر)
refusal-sealed-arrived-in-clear = ورد الحقل { $field } غير مختوم: يجب أن يُختم للأعضاء؛ حدِّث العقدة المرسِلة إلى إصدار أحدث

## الاجتماعات: الجدول الزمني للاجتماعات (ToR-3)

refusal-meeting-ends-before-start = اليوم الأخير للاجتماع ({ $last_day }) سابق ليومه الأول ({ $first_day })
refusal-meeting-too-long = يبلغ عدد أيام الاجتماع { $days }، وهو ما يتجاوز الحد الأقصى البالغ { $limit }
refusal-meeting-not-future = يجب أن يُحدَّد موعد الاجتماع بعد تاريخ اليوم ({ $today })؛ فاليوم الأول المحدد، { $first_day }، قد حلّ أو انقضى
refusal-meeting-year-full = يبلغ عدد الاجتماعات المقررة في عام { $year } بالفعل { $count }؛ ولا يجوز أن يتجاوز عدد اجتماعات المنتدى في السنة { $limit } (ToR-3)
refusal-meeting-overlap = يتداخل الاجتماع المقرر من { $first_day } إلى { $last_day } مع الاجتماع { $other } (من { $other_first_day } إلى { $other_last_day })
refusal-meeting-over = انتهى الاجتماع { $meeting }
refusal-not-member = الدولة { $state } ليست عضواً في المنتدى

## الاجتماعات: الخطوات الموقَّعة وإصداراتها

# $detail is the decoder's English words: technical, not translated.
refusal-meeting-codec = { $detail }
# $what names the signed body (a contact card, an expert acknowledgement).
refusal-meeting-bad-signature = تعذّر التحقق من صحة توقيع { $what } بمفتاح { $signer }
refusal-meeting-stale = { $what }: الإصدار { $offered } ليس أحدث من الإصدار المحفوظ ({ $held }): رُفض
refusal-meeting-already-held = الإصدار { $version } محفوظ بالفعل

## الاجتماعات: الدعوة وجدول الأعمال وإعلانات اعتزام تقديم عروض (ToR-9 إلى ToR-11)

refusal-invitation-too-late = يجب إصدار الدعوة قبل بدء الاجتماع
refusal-agenda-version-zero = يبدأ ترقيم صيغ جدول الأعمال من 1
refusal-agenda-too-many-items = لا يجوز أن يتجاوز عدد بنود جدول الأعمال { $limit }
refusal-agenda-item-number = البند الوارد في الموضع { $position } من جدول الأعمال يحمل الرقم { $number }
refusal-agenda-item-no-presenter = البند الوارد في الموضع { $position } من جدول الأعمال مستمد من إعلان اعتزام، ولكنه لا يذكر الدولة مقدِّمة العرض
refusal-agenda-too-many-documents = لا يجوز أن يتجاوز عدد الوثائق الداعمة { $limit }
refusal-intent-not-own-case = لا يجوز للدولة { $presenter } أن تعلن إلا عن عرض حالاتها، لا الحالة { $case }
refusal-intent-minutes = يجب أن تتراوح مدة العرض بالدقائق بين 1 و{ $limit }
refusal-intent-unknown-meeting = يذكر إعلان الاعتزام اجتماعاً غير مدرج في الجدول الزمني للاجتماعات
refusal-intent-other-meeting = يذكر إعلان الاعتزام اجتماعاً آخر
refusal-intent-agenda-adopted = أُغلق باب إعلانات اعتزام تقديم عروض في الاجتماع { $meeting } عند اعتماد جدول أعماله في { $adopted_on } (ToR-11)

## الاجتماعات: تسجيل الوفود (ToR-6، ToR-7)

refusal-registration-revision-zero = يبدأ ترقيم تنقيحات التسجيل من 1
refusal-registration-too-many = لا يجوز أن يتجاوز عدد أعضاء الوفد { $limit }
refusal-registration-two-heads = لا يجوز أن يكون للوفد أكثر من رئيس واحد
refusal-registration-not-own = لا تسجّل وفدَ الدولة { $state } إلا الدولة نفسها، لا { $sender }
refusal-registration-other-meeting = يذكر التسجيل اجتماعاً آخر

## الاجتماعات: بطاقات الاتصال (ToR-20)

refusal-card-sequence-zero = يبدأ الترقيم التسلسلي لبطاقات الاتصال من 1
refusal-card-too-many-contacts = لا يجوز أن يتجاوز عدد جهات الاتصال في البطاقة { $limit }
# $function and $email come quoted and escaped, as in refusal-case-language-tag.
refusal-card-contact-unreachable = تتطلب جهة الاتصال { $function } عنوان بريد إلكتروني أو رقم هاتف
refusal-card-email = القيمة { $email } ليست عنوان بريد إلكتروني
refusal-card-too-many-languages = لا يجوز أن يتجاوز عدد اللغات { $limit }

## الاجتماعات: الإحاطات (ToR-22)

refusal-briefing-version-zero = يبدأ ترقيم صيغ الإحاطة من 1
refusal-briefing-too-many-cases = لا يجوز أن يتجاوز عدد الحالات التي تستند إليها الإحاطة { $limit }

## الاجتماعات: الخبراء من غير الدول (ToR-8، ToR-15)

refusal-expert-other-meeting = يذكر الاقتراح اجتماعاً آخر
refusal-expert-late = يجب أن يصل اقتراح الخبير إلى الأمانة في موعد أقصاه { $due } (T-30، ToR-8)؛ وقد تأخر هذا الاقتراح { $days_late ->
        [one] يوماً واحداً
        [two] يومين
        [few] { $days_late } أيام
        [many] { $days_late } يوماً
       *[other] { $days_late } يوم
    }
refusal-expert-circulated-early = لا يمكن تعميم الاقتراح قبل تقديمه
refusal-expert-secretariat-only = لا تعمّم الاقتراحاتِ ولا تسجّل القراراتِ إلا الأمانة (ToR-8)
refusal-expert-states-only = الاعتراض والتشاور والسحب من اختصاص الدول (ToR-8)
refusal-expert-other-proposal = تذكر الخطوة المسجَّلة اقتراحاً آخر
refusal-expert-record-date = تؤرَّخ الخطوة المسجَّلة بيوم تسجيلها ({ $today })، لا بتاريخ { $on }
refusal-expert-already-circulated = سبق تعميم الاقتراح
refusal-expert-objector-not-party = لا يجوز الاعتراض على الخبير إلا للدول الأطراف، لا لـ { $by }
refusal-expert-own-objection = لا يجوز للدولة التي اقترحت الخبير أن تعترض عليه
refusal-expert-not-circulated = لم يُعمَّم الاقتراح بعد
refusal-expert-silence-ended = انتهى إجراء الموافقة الضمنية في { $ends } (ToR-8)
refusal-expert-already-objected = سبق أن صدر اعتراض عن { $by }
refusal-expert-no-objection = لا يوجد اعتراض قائم للتشاور بشأنه
refusal-expert-consultation-party = لا تسجّل المشاوراتِ إلا الدول المعترضة والدولة التي اقترحت الخبير (ToR-8)
refusal-expert-withdraw-objection = لا تسحب الاعتراضَ إلا الدولة التي قدّمته
refusal-expert-withdraw-proposal = لا تسحب الاقتراحَ إلا الدولة التي قدّمته
# $state is the proposal's state as the protocol names it (pending, silence_running, objected, escalated, accepted, rejected, withdrawn).
refusal-expert-decision-early = لا يُسجَّل القرار الإجرائي إلا بعد الإحالة في الموعد T-20 (ToR-8)؛ والاقتراح حالياً { $state ->
        [pending] لم يُعمَّم بعد
        [silence_running] قيد إجراء الموافقة الضمنية
        [objected] موضع اعتراض قيد التشاور
        [escalated] محال إلى الدول الأطراف الحاضرة
        [accepted] مقبول
        [rejected] مرفوض
        [withdrawn] مسحوب
       *[other] في الوضع «{ $state }»
    }
refusal-expert-closed = { $state ->
        [pending] لم يُعمَّم الاقتراح بعد
        [silence_running] الاقتراح قيد إجراء الموافقة الضمنية بالفعل
        [objected] الاقتراح موضع اعتراض بالفعل
        [escalated] الاقتراح محال بالفعل إلى الدول الأطراف الحاضرة
        [accepted] سبق أن قُبل الاقتراح
        [rejected] سبق أن رُفض الاقتراح
        [withdrawn] سبق أن سُحب الاقتراح
       *[other] الاقتراح بالفعل في الوضع «{ $state }»
    }
refusal-expert-acknowledged-early = لا يمكن للخبير أن يقرّ بواجب السرية قبل إبلاغه به

## قائمة الأعضاء: القائمة الموقَّعة وطلبات الانضمام وتغيير المفاتيح (ToR-1، ToR-5)

# $detail is the decoder's English words: technical, not translated.
refusal-roster-codec = { $detail }
# $detail is the key's English words: technical, not translated.
refusal-roster-key = { $detail }
# $expected, $signer, $held, $given and $offered are key fingerprints or identifiers; $party is a State code or SECRETARIAT; all shown as they are.
refusal-roster-bad-signature = تعذّر التحقق من صحة توقيع القائمة بمفتاح الأمانة { $expected } الذي تحتفظ به هذه العقدة
refusal-roster-stale = القائمة رقم { $offered } أقدم من القائمة المحفوظة (رقم { $held }): رُفضت
refusal-roster-already-held = القائمة رقم { $sequence } محفوظة بالفعل
refusal-roster-conflicting = القائمة رقم { $offered } تحمل رقم القائمة المحفوظة نفسه ولكن بمحتوى مختلف: رُفضت
refusal-roster-unlinked-key = القائمة موقَّعة بالمفتاح { $signer }، ولا يربطه أي تغيير لمفتاح القائمة بالمفتاح الذي تحتفظ به هذه العقدة ({ $held })
refusal-roster-too-many-rotations = قائمة غير صالحة: { $party }: يتجاوز عدد عمليات تغيير المفاتيح المحفوظة { $limit }
refusal-roster-recovery-reason = قائمة غير صالحة: { $party }: يتجاوز طول سبب استرداد المفاتيح { $limit } بايت
refusal-roster-weak-key = قائمة غير صالحة: { $party }: المفتاح { $key } من رتبة صغيرة أو ليس نقطة على المنحنى، ولا يمكن استخدامه
refusal-roster-peer-id-mismatch = قائمة غير صالحة: { $party }: معرّف النظير { $peer_id } لا يطابق مفتاح النقل الخاص بالعقدة
refusal-roster-addresses = قائمة غير صالحة: { $party }: لا يجوز أن يتجاوز عدد العناوين { $limit }، وأن يكون كل عنوان غير فارغ ولا يتجاوز طوله { $max_len } بايت
refusal-roster-key-change-signer = قائمة غير صالحة: يجب أن يُوقَّع تغيير مفتاح القائمة بمفتاح القائمة الحالي
refusal-roster-key-changes-exhausted = قائمة غير صالحة: تغيّر مفتاح القائمة بالفعل { $limit } مرة، وهو الحد الأقصى
refusal-roster-format = قائمة غير صالحة: الصيغة { $format } غير مدعومة (تقرأ هذه العقدة الصيغة { $supported })
refusal-roster-too-many-members = قائمة غير صالحة: يتجاوز عدد الأعضاء { $limit }
refusal-roster-wire-version-zero = قائمة غير صالحة: لا وجود للإصدار 0 من صيغة الرسائل (تبدأ الإصدارات من 1)
refusal-roster-too-many-key-changes = قائمة غير صالحة: يتجاوز عدد تغييرات مفتاح القائمة { $limit }
refusal-roster-members-unsorted = قائمة غير صالحة: يجب ترتيب الأعضاء حسب رمز الدولة دون تكرار ({ $first } ثم { $second })
refusal-roster-peer-id-twice = قائمة غير صالحة: { $state }: معرّف النظير { $peer_id } مستخدم مرتين
refusal-roster-keys-after-sequence = قائمة غير صالحة: { $state }: مفاتيح أُدرجت في القائمة رقم { $since }، وهي لاحقة لهذه القائمة (رقم { $sequence })
refusal-roster-chair-not-member = قائمة غير صالحة: الرئاسة مسندة إلى { $state }، وهي ليست دولة عضواً
refusal-roster-wrong-signer = قائمة غير صالحة: يجب أن تُوقَّع هذه القائمة بمفتاح القائمة { $signer }، لا بالمفتاح { $given }
refusal-roster-not-pinned = قائمة غير صالحة: هذه القائمة موقَّعة بمفتاح القائمة { $signer }، وليس هو ولا أي مفتاح سابق للقائمة المفتاحَ الذي ثبّتته هذه العقدة عند تهيئتها
refusal-roster-join-own-key = طلب الانضمام: يجب أن يُوقَّع بالمفتاح الخاص بالعقدة مقدِّمة الطلب
refusal-roster-join-signature = طلب الانضمام: { $state }: تعذّر التحقق من صحة التوقيع
refusal-roster-rotation-signers = تغيير المفاتيح: يجب أن يُوقَّع بمفتاحي التوقيع السابق والجديد المذكورين فيه
refusal-roster-rotation-not-by-previous = تغيير المفاتيح: { $party }: غير موقَّع بمفتاح التوقيع السابق
refusal-roster-rotation-not-by-new = تغيير المفاتيح: { $party }: غير موقَّع بمفتاح التوقيع الجديد
refusal-roster-rotation-same-key = تغيير المفاتيح: { $party }: مفتاح التوقيع الجديد هو المفتاح السابق نفسه
refusal-roster-rotation-not-listed = تغيير المفاتيح: { $party } غير مدرج في القائمة
refusal-roster-rotation-transport-key = تغيير المفاتيح: { $party }: يُبقي تغيير المفاتيح على مفتاح النقل الخاص بالعقدة { $held }، لا { $offered }
refusal-roster-rotation-previous-key = تغيير المفاتيح: { $party } ينتقل من مفتاح التوقيع { $offered }، لكن القائمة تدرج { $held }
# $label names the pasted block (DIEF ROSTER, DIEF JOIN REQUEST, DIEF KEY ROTATION), shown as it is.
refusal-armor-missing = يُتوقَّع وجود كتلة «{ $label }» (-----BEGIN { $label }-----)
refusal-armor-bad-hex = الكتلة { $label } ليست بصيغة ست عشرية صالحة
