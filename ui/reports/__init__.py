"""Printing and previewing the desk's PDFs: the preview dialog (QtPdf) with print and
save, the visit report of one entry, and the month-end pack of visit reports."""
