## attachments: حالات الرفض المتعلقة بالمرفقات المنقولة على دفعات (issue 13)

refusal-attachment-not-own = قدّمت الدولة { $provider } الحالة { $case }؛ ولا يجوز إرفاق ملف بها إلا للجهة المقدِّمة لها
refusal-attachment-too-many = يبلغ عدد المرفقات المنقولة على دفعات في الحالة { $case } بالفعل { $limit }، وهو الحد الأقصى للحالة الواحدة
refusal-attachment-unreadable = { $path } ليس ملفاً يمكن لهذه العقدة قراءته
refusal-attachment-bad-id = { $id } ليس معرّف مرفق (يتكون من 64 حرفاً ست عشرياً)
refusal-attachment-incomplete = المرفق { $name } ({ $id }) لم يكتمل بعد في هذه العقدة
refusal-attachment-upload-interrupted = توقف التحميل قبل وصول الملف كاملاً: { $why }
refusal-attachment-upload-too-large = يتجاوز حجم الملف { $limit } بايت، وهو الحد الأقصى للمرفق المنقول على دفعات
refusal-attachment-refetch-own = المرفق { $name } ({ $id }) ملف خاص بهذه العقدة: لا يُجلب من أي جهة
refusal-attachment-refetch-not-failed = المرفق { $name } ({ $id }) لم يفشل: لا يُعاد جلب إلا الملف الفاشل

## صفحة الحالة: ملفاتها الكبيرة (issue 13)

case-files = الملفات الكبيرة
case-files-none = لا توجد ملفات كبيرة في هذه الحالة.
case-file-name = الملف
case-file-type = النوع
case-file-size = الحجم
case-file-state = في هذه العقدة
case-file-complete = مكتمل
case-file-failed = فشل: الأجزاء المستلمة لا تشكّل هذا الملف
case-file-fetching = جارٍ الاستلام: { $percent }٪ ({ $held }/{ $chunks })
case-file-download = تنزيل
case-file-refetch = إعادة الجلب
case-file-add = إرفاق ملف كبير
case-file-add-hint = (فيديو، مستندات ممسوحة ضوئياً: يُرسل على أجزاء مختومة إلى كل دولة تحوز الحالة)
case-file-attach = إرفاق الملف
case-file-missing = اختر ملفاً لإرفاقه.
