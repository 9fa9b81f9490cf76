"""The self-test (`practicedesk --self-test`): every native part the program needs, tried in
a temporary folder, one line each and a verdict.

It is what support asks an office to run ("run the self-test and send us what it prints"),
and what a release build runs inside its bundle before it is shipped: a missing library, a
resource left out of the bundle or a time-zone database PyInstaller did not collect shows
here, not in front of a patient. The parts that need no Qt live in this package; the Qt
ones (QtPdf, the printer) and the runner that prints the lines live in `ui/self_test.py`.
"""
