"""The desk's printed documents (reportlab): the house style, the CJK font, and each report.

Every PDF embeds a CJK TrueType font (subset), masks personal information unless asked
not to, and is written atomically (cmdesk.files).
"""
