"""layers domain of grid."""
