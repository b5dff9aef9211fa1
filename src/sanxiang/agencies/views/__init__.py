"""Views of agencies and people: portal pages, workbench pages, credential verification."""
