## attachments: حالات الرفض المتعلقة بالمرفقات المنقولة على دفعات (issue 13)

refusal-attachment-not-own = قدّمت الدولة { $provider } الحالة { $case }؛ ولا يجوز إرفاق ملف بها إلا للجهة المقدِّمة لها
refusal-attachment-too-many = يبلغ عدد المرفقات المنقولة على دفعات في الحالة { $case } بالفعل { $limit }، وهو الحد الأقصى للحالة الواحدة
refusal-attachment-unreadable = { $path } ليس ملفاً يمكن لهذه العقدة قراءته
refusal-attachment-bad-id = { $id } ليس معرّف مرفق (يتكون من 64 حرفاً ست عشرياً)
refusal-attachment-incomplete = المرفق { $name } ({ $id }) لم يكتمل بعد في هذه العقدة
