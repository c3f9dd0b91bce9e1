"""The buyer signs the order on the laptop: with a finger, a pen or the mouse.

`InkCanvas` takes strokes from a touch screen (QTouchEvent), a pen tablet (QTabletEvent, with
its pressure) or a mouse, and draws them smooth: each stroke is a chain of quadratic curves
through the midpoints of the points it passed, so a fast signature has no corners. Points are
kept relative to a 3:1 sheet, so the signature keeps its shape whatever size the window has,
and is saved as a PNG of `SHEET_SIZE`. A signature saved earlier is shown under new ink until
the pad is cleared.

`SignaturePad` puts a Clear button and the "Signed by" name under it.
"""

from __future__ import annotations

from math import hypot

from repapp.ui.qt import (
    QBuffer,
    QByteArray,
    QColor,
    QEvent,
    QEventPoint,
    QGridLayout,
    QImage,
    QIODevice,
    QLabel,
    QLineEdit,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QPushButton,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QTabletEvent,
    QTouchEvent,
    QWidget,
    Signal,
)

SHEET_SIZE = QSize(900, 300)  # the saved PNG; the sheet on screen keeps its 3:1 shape
INK = QColor("#14213d")
GUIDE = QColor("#90a4ae")
INK_WIDTH = 0.0042  # of the sheet's width: about 3.8 px on the saved sheet
STEADY_PRESSURE = 0.5  # a mouse or a finger: an even line
MIN_STEP = 1.2  # pixels on screen; closer points add nothing but noise

Point = tuple[float, float, float]  # x and y as fractions of the sheet, pen pressure 0..1


class InkCanvas(QWidget):
    changed = Signal()  # ink added or cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[list[Point]] = []
        self._drawing: dict[int, list[Point]] = {}  # by touch point id; -1 the mouse or the pen
        self._earlier: QImage | None = None  # a saved signature, under any new ink
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(480, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Sign here with a finger, a pen or the mouse")

    # -- what is on it -----------------------------------------------------------------------
    def has_ink(self) -> bool:
        return bool(self.strokes) or self._earlier is not None

    def clear(self) -> None:
        self.strokes, self._drawing, self._earlier = [], {}, None
        self.update()
        self.changed.emit()

    def load_png(self, png: bytes | None) -> None:
        """Show a saved signature (None: a blank sheet)."""
        self.strokes, self._drawing = [], {}
        image = QImage.fromData(QByteArray(png)) if png else QImage()
        self._earlier = None if image.isNull() else image
        self.update()

    def to_png(self) -> bytes:
        image = QImage(SHEET_SIZE, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._draw(painter, QRectF(0, 0, SHEET_SIZE.width(), SHEET_SIZE.height()))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    def sheet(self) -> QRectF:
        """The largest 3:1 sheet centred in the widget."""
        width = min(self.width(), self.height() * SHEET_SIZE.width() / SHEET_SIZE.height())
        height = width * SHEET_SIZE.height() / SHEET_SIZE.width()
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    # -- strokes -----------------------------------------------------------------------------
    def _point(self, position: QPointF, pressure: float) -> Point:
        sheet = self.sheet()
        x = min(max((position.x() - sheet.left()) / sheet.width(), 0.0), 1.0)
        y = min(max((position.y() - sheet.top()) / sheet.height(), 0.0), 1.0)
        return (x, y, min(max(pressure, 0.0), 1.0))

    def _begin(self, key: int, position: QPointF, pressure: float) -> None:
        stroke = [self._point(position, pressure)]
        self._drawing[key] = stroke
        self.strokes.append(stroke)
        self.update()

    def _extend(self, key: int, position: QPointF, pressure: float) -> None:
        stroke = self._drawing.get(key)
        if stroke is None:
            return
        point = self._point(position, pressure)
        sheet = self.sheet()
        last = stroke[-1]
        step = hypot((point[0] - last[0]) * sheet.width(), (point[1] - last[1]) * sheet.height())
        if step >= MIN_STEP:
            stroke.append(point)
            self.update()

    def _end(self, key: int) -> None:
        if self._drawing.pop(key, None) is not None:
            self.changed.emit()

    # -- input: mouse, pen, touch ------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and _real_mouse(event):
            self._begin(-1, event.position(), STEADY_PRESSURE)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and _real_mouse(event):
            self._extend(-1, event.position(), STEADY_PRESSURE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and _real_mouse(event):
            self._extend(-1, event.position(), STEADY_PRESSURE)
            self._end(-1)

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: pressure makes the line fuller. Accepted, so no mouse events follow."""
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(-1, event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove and event.buttons():
            self._extend(-1, event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end(-1)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QTouchEvent) and event.type() in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            for point in event.points():
                self._touch(point, cancelled=event.type() == QEvent.Type.TouchCancel)
            event.accept()  # no mouse events are made up from it
            return True
        return super().event(event)

    def _touch(self, point: QEventPoint, cancelled: bool) -> None:
        state, key = point.state(), point.id()
        if state == QEventPoint.State.Pressed:
            self._begin(key, point.position(), STEADY_PRESSURE)
        elif state == QEventPoint.State.Updated:
            self._extend(key, point.position(), STEADY_PRESSURE)
        elif state == QEventPoint.State.Released or cancelled:
            self._extend(key, point.position(), STEADY_PRESSURE)
            self._end(key)

    # -- drawing -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        sheet = self.sheet()
        painter.fillRect(sheet, QColor("white"))
        painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DashLine))
        baseline = sheet.top() + sheet.height() * 0.78
        painter.drawLine(
            QPointF(sheet.left() + sheet.width() * 0.06, baseline),
            QPointF(sheet.right() - sheet.width() * 0.06, baseline),
        )
        painter.setPen(GUIDE)
        painter.drawText(
            QPointF(sheet.left() + sheet.width() * 0.03, baseline - 4), "×"
        )  # where to sign, as on paper
        if not self.has_ink():
            painter.drawText(sheet, Qt.AlignmentFlag.AlignCenter, "Sign here")
        self._draw(painter, sheet)
        painter.end()

    def _draw(self, painter: QPainter, sheet: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._earlier is not None:
            painter.drawImage(sheet, self._earlier)
        for stroke in self.strokes:
            _draw_stroke(painter, sheet, stroke)


def _real_mouse(event: QMouseEvent) -> bool:
    """Not one Qt made up from a touch or a pen: those are drawn from their own events."""
    return event.source() == Qt.MouseEventSource.MouseEventNotSynthesized


def _draw_stroke(painter: QPainter, sheet: QRectF, stroke: list[Point]) -> None:
    def at(point: Point) -> QPointF:
        return QPointF(
            sheet.left() + point[0] * sheet.width(), sheet.top() + point[1] * sheet.height()
        )

    def width(pressure: float) -> float:
        return sheet.width() * INK_WIDTH * (0.6 + 0.8 * pressure)

    if len(stroke) == 1:  # a dot (the i's)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        radius = width(stroke[0][2]) / 2
        painter.drawEllipse(at(stroke[0]), radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    start = at(stroke[0])
    for i in range(1, len(stroke)):
        corner = at(stroke[i])
        end = (corner + at(stroke[i + 1])) / 2 if i + 1 < len(stroke) else corner
        path = QPainterPath(start)
        path.quadTo(corner, end)
        pressure = (stroke[i - 1][2] + stroke[i][2]) / 2
        painter.setPen(QPen(INK, width(pressure), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPath(path)
        start = end


class SignaturePad(QWidget):
    """The sheet to sign on, a Clear button, and who signed."""

    changed = Signal()  # ink or name changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = InkCanvas()
        self.clear_button = QPushButton("&Clear", objectName="clear_signature")
        self.clear_button.setToolTip("Wipe the sheet to sign again")
        self.signed_by = QLineEdit(placeholderText="Name of the person signing", maxLength=120)
        self.signed_by.setObjectName("signed_by")
        for control in (self.clear_button, self.signed_by):
            control.setMinimumHeight(44)  # a fingertip's size, for touch screens
        self.clear_button.clicked.connect(self.canvas.clear)
        self.canvas.changed.connect(self.changed)
        self.signed_by.textChanged.connect(self.changed)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 0, 0, 1, 3)
        caption = QLabel("Signed by")
        caption.setBuddy(self.signed_by)
        layout.addWidget(caption, 1, 0)
        layout.addWidget(self.signed_by, 1, 1)
        layout.addWidget(self.clear_button, 1, 2)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(0, 1)

    def load(self, png: bytes | None, signed_by: str) -> None:
        self.canvas.load_png(png)
        self.signed_by.setText(signed_by)

    def name(self) -> str:
        return self.signed_by.text().strip()
