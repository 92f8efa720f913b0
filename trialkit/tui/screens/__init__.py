"""The app's screens: welcome, the step editor, help, and small dialogs."""
