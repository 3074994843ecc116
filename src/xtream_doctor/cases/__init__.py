"""Case records, logs, simulation, replay and batch evaluation."""
