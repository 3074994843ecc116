"""The app's screens: start, the case on the phone, and small dialogs."""
