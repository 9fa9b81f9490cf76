"""Form templates as data: what a form asks (FormTemplate), where a template comes from
(templates.py), which chart facts may pre-fill it (bindings.py) and what an answer may be
(answers.py). Plain Python only: no database, no Qt, no drawing (documents/form_pdf.py
draws)."""
