"""QR codes: signed tokens, rendering (images and A4 posters), decoding images, and citizen ID card codes."""
