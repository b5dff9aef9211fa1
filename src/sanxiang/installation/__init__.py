"""Operations on the whole installation (backup and restore): they know every app, so this
app sits on top of the layers, after api."""
