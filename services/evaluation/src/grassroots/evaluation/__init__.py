"""Evaluation (双向考核): Two-way township-department evaluation built from the events of the other services, explainable to the point and replayable."""
