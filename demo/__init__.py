"""Demo accounts and demo disputes (`seed_demo`). Installed by the local and test settings only."""
