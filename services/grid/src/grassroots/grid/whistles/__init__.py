"""whistles domain of grid."""
