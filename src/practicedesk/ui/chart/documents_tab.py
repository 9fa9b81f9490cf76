"""The Documents tab: scans and letters as thumbnails, added by file dialog or by dropping
files on the tab, opened in a viewer. Files are read and checked by the service (pictures
and PDFs only, 25 MB at most); the UI only says which category they belong to."""

from __future__ import annotations

import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import InvalidInput
from practicedesk.services.chart.documents import CATEGORIES, DocumentContent
from practicedesk.services.chart.records import Chart, DocumentInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import practice_date

_THUMB = QSize(132, 100)
_FILES = "Pictures and PDFs (*.png *.jpg *.jpeg *.gif *.tif *.tiff *.bmp *.webp *.pdf)"


def _guess_category(name: str) -> str:
    """A first guess from the file name, which the user confirms."""
    lowered = name.casefold()
    for words, category in (
        (("license", "licence", "photo id", "passport", "id card", "_id", " id"), "photo ID"),
        (("back",), "insurance card (back)"),
        (("card", "insurance"), "insurance card (front)"),
        (("referral",), "referral letter"),
        (("lab",), "lab report"),
        (("xray", "x-ray", "pano", "bitewing"), "x-ray or image"),
    ):
        if any(word in lowered for word in words):
            return category
    return "other"


def _first_page(pdf: bytes) -> QImage:
    """The first page of a PDF as a picture; an empty image if it cannot be read."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.pageCount() < 1:
        return QImage()
    size = document.pagePointSize(0).toSize().scaled(_THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio)
    image = document.render(0, size)
    document.close()
    return image


class AddDocumentDialog(FormDialog):
    """Category and title for each file before it goes into the chart."""

    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        paths: list[Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr("Say what each file is. It is stored encrypted inside the practice."),
        )
        self.setWindowTitle(self.tr("Add documents"))
        self.session, self.patient_id, self.paths = session, patient_id, paths
        self.rows: list[tuple[Path, QComboBox, QLineEdit]] = []
        for path in paths:
            category = QComboBox()
            category.addItems(list(CATEGORIES))
            category.setCurrentText(_guess_category(path.stem))
            title = QLineEdit(path.stem.replace("_", " "))
            row = QHBoxLayout()
            row.addWidget(category)
            row.addWidget(title, 1)
            self.form.addRow(path.name, row)
            self.rows.append((path, category, title))

    def _on_ok_clicked(self) -> None:
        documents, patient_id = self.session.documents, self.patient_id
        chosen = [(path, box.currentText(), title.text()) for path, box, title in self.rows]

        def work() -> None:
            for path, category, title in chosen:
                try:
                    content = path.read_bytes()
                except OSError as exc:
                    raise InvalidInput(
                        f"{path.name} cannot be read ({exc.strerror}); nothing more was added."
                    ) from exc
                documents.add(
                    patient_id, content, category=category, title=title, file_name=path.name
                )

        self.submit(work)


class PictureViewerDialog(QDialog):
    """A picture at its own size, scrolling when it is larger than the window."""

    def __init__(
        self, document: DocumentContent, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        info = document.info
        self.setWindowTitle(f"{info.title} — {info.category}")
        self.resize(900, 760)
        picture = QLabel()
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        image = QImage.fromData(QByteArray(document.content))
        if image.isNull():
            picture.setText(self.tr("This picture cannot be shown."))
        else:
            picture.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setWidget(picture)
        scroll.setWidgetResizable(True)
        details = QLabel(
            self.tr("{name} · added {when} by {who} · {size:,} KB").format(
                name=info.file_name or info.title,
                when=practice_date(info.added_at, zone),
                who=info.added_by,
                size=max(1, info.size // 1024),
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(details)
        layout.addWidget(buttons)


def open_viewer(document: DocumentContent, zone: ZoneInfo, parent: QWidget) -> QDialog:
    """PDFs open in the same preview as printouts, so they can be printed or saved too."""
    info = document.info
    if info.media_type == "application/pdf":
        from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

        name = info.file_name or f"{info.title}.pdf"
        dialog: QDialog = PdfPreviewDialog(document.content, info.title, name, parent)
    else:
        dialog = PictureViewerDialog(document, zone, parent)
    dialog.open()
    return dialog


class DocumentsTab(QWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.editable = session.can(Permission.EDIT_CHART)
        self.setAcceptDrops(self.editable)
        self.add = QPushButton(self.tr("Add files…"))
        self.add.setEnabled(self.editable)
        self.open_button = QPushButton(self.tr("Open"))
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setEnabled(False)
        self.open_button.setEnabled(False)
        hint = QLabel(
            self.tr("Drop scans or PDFs here to add them.")
            if self.editable
            else self.tr("Your role can look at documents but not add them.")
        )
        hint.setObjectName("pageNote")
        top = QHBoxLayout()
        for widget in (self.add, self.open_button, self.remove):
            top.addWidget(widget)
        top.addWidget(hint, 1)
        self.list = QListWidget()
        self.list.setObjectName("documentList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(_THUMB)
        self.list.setGridSize(QSize(_THUMB.width() + 60, _THUMB.height() + 76))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.message = message_line()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        self._thumbs: dict[uuid.UUID, QIcon] = {}
        self.add.clicked.connect(self._on_add_clicked)
        self.open_button.clicked.connect(self._on_open)
        self.remove.clicked.connect(self._on_remove)
        self.list.itemActivated.connect(lambda _item: self._on_open())
        self.list.itemSelectionChanged.connect(self._on_selection)

    def show_chart(self, chart: Chart) -> None:
        self.list.clear()
        zone = self.session.zone()
        for info in chart.documents:
            kind = "" if info.title.casefold() == info.category.casefold() else info.category
            added = practice_date(info.added_at, zone)
            label = "\n".join(p for p in (info.title, kind, added) if p)
            item = QListWidgetItem(self._thumbs.get(info.id, self._placeholder(info)), label)
            item.setData(Qt.ItemDataRole.UserRole, info)
            item.setToolTip(f"{info.title}\n{info.file_name}\n{info.category}")
            self.list.addItem(item)
        self._on_selection()
        self._load_thumbnails([d for d in chart.documents if d.id not in self._thumbs])

    def _placeholder(self, info: DocumentInfo) -> QIcon:
        name = "application-pdf" if info.media_type == "application/pdf" else "image-x-generic"
        return QIcon.fromTheme(name)

    def _load_thumbnails(self, documents: list[DocumentInfo]) -> None:
        """Scaled (and PDFs rendered) on a worker, so a chart full of scans opens at once."""
        if not documents:
            return
        service = self.session.documents

        def work() -> dict[uuid.UUID, QImage]:
            scaled = {}
            for info in documents:
                content = service.thumbnail_source(info.id)
                if info.media_type == "application/pdf":
                    image = _first_page(content)
                else:
                    image = QImage.fromData(QByteArray(content))
                if not image.isNull():
                    scaled[info.id] = image.scaled(
                        _THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
            return scaled

        run_task(self, work, self._on_thumbnails)

    def _on_thumbnails(self, images: dict[uuid.UUID, QImage]) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            info = item.data(Qt.ItemDataRole.UserRole)
            if info.id in images:
                icon = QIcon(QPixmap.fromImage(images[info.id]))
                self._thumbs[info.id] = icon
                item.setIcon(icon)

    def _selected(self) -> DocumentInfo | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item and item.isSelected() else None

    def _on_selection(self) -> None:
        chosen = self._selected() is not None
        self.open_button.setEnabled(chosen)
        self.remove.setEnabled(chosen and self.editable)

    def _on_add_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents to the chart"), str(Path.home()), self.tr(_FILES)
        )
        if names:
            self.add_files([Path(name) for name in names])

    def add_files(self, paths: list[Path]) -> None:
        AddDocumentDialog(self.session, self.patient_id, paths, self).open()

    def _on_open(self) -> None:
        info = self._selected()
        if info is not None:
            documents = self.session.documents
            run_task(
                self,
                lambda: documents.open(info.id),
                lambda content: open_viewer(content, self.session.zone(), self),
                lambda error: show_inline(error, self.message, self),
            )

    def _on_remove(self) -> None:
        info = self._selected()
        if info is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove document"),
            self.tr("Remove “{title}” from the chart? The audit log keeps a record of it.").format(
                title=info.title
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            documents = self.session.documents
            run_task(self, lambda: documents.remove(info.id))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.editable and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)
