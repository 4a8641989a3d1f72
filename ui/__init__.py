"""The `servicemap` command line (and, later, the Streamlit app): thin layers over extract/ and graph/."""
