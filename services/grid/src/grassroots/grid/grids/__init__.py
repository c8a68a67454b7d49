"""grids domain of grid: read the comprehensive layer, locate points."""
