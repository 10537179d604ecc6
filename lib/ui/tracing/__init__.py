"""The tracing page's parts: cases, the trace and acting on it."""
