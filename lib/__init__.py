"""Plain-Python core of the QR check-in system. Never imports streamlit (except lib.ui)."""
