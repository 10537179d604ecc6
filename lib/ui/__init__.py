"""The only bridge between lib and Streamlit: resources, session state, guards and shared widgets."""
