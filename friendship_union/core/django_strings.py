"""Django and admin strings whose Vietnamese translation Django lacks (or ships in a form the
plural lookup cannot find). Listing them here puts them in our catalogs, where they are translated.
Never imported at run time; `makemessages` reads it."""

from django.utils.translation import gettext_noop, ngettext_noop

STRINGS = [
    ngettext_noop("Please correct the error below.", "Please correct the errors below."),
    gettext_noop("Toggle navigation"),
    gettext_noop("Filter navigation items"),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
    gettext_noop("%(model)s instance with %(field)s %(value)r does not exist."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a complete value."),
    gettext_noop("ManagementForm data is missing or has been tampered with"),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("Messages"),
]
