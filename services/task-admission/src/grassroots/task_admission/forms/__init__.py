"""Forms filled on the platform (一套表, 一表通): fillings, history import, people's data."""
