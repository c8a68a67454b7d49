"""events domain of grid."""
