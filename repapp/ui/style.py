"""The window's look: a few rules on top of the platform style, so it stays native but readable."""

RED = "#b3261e"

STYLE_SHEET = f"""
QLabel#panel_title {{ font-size: 11pt; font-weight: 600; color: #37474f; padding: 2px 0 0 0; }}
QLabel#credit_hold {{
    background: {RED}; color: white; font-weight: 700; letter-spacing: 2px;
    padding: 6px; border-radius: 4px;
}}
QFrame#customer_details {{ border: 1px solid palette(mid); border-radius: 4px; }}
QLabel[short="true"] {{ color: {RED}; font-weight: 600; }}
QLabel#order_customer {{ font-size: 12pt; font-weight: 600; padding: 2px 0 4px 0; }}
QLabel#order_state {{ color: #607d8b; }}
QLabel#total, QLabel#total_caption {{ font-size: 12pt; font-weight: 700; }}
QLabel#problems {{ color: #8a5300; }}
QLabel#order_message {{ color: {RED}; font-weight: 600; }}
QPushButton#finish {{ font-weight: 600; padding: 8px; }}
QPushButton#new_order {{ padding: 6px; }}
QLineEdit#scan {{ font-family: "DejaVu Sans Mono", monospace; }}
QStatusBar QLabel {{ padding: 0 8px; color: #455a64; }}
"""
