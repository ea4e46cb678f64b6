"""Use-cases of the desk: a session in, plain results out; no Qt, no dialogs."""
