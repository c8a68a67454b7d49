"""open311 domain of grid."""
