"""For development only (never in the image): the demo county and the suite as local processes."""
