"""workers domain of grid."""
