"""The official forms of the one-stop mechanism (Thông tư 03/2025/TT-VPCP Phụ lục I) as A4
PDF: the layout (:mod:`.page`), one class per form (:mod:`.forms`), and their content from a
dossier or a counter outcome (:mod:`.content`)."""
