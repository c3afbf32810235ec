"""The commands, one module per family; each registers itself on the apps in cli.py."""
