# Loaded by Python at start-up when this folder is on PYTHONPATH (the bench puts it there for snappass alone).
# snappass calls Babel(app, locale_selector=...) (Flask-Babel 3); Debian 12 ships Flask-Babel 2.0, whose Babel
# takes the selector through its localeselector decorator instead. This passes one to the other.
import inspect

try:
    import flask_babel
except ImportError:
    flask_babel = None

if flask_babel is not None and 'locale_selector' not in inspect.signature(flask_babel.Babel.__init__).parameters:
    _init = flask_babel.Babel.__init__

    def _init_with_selector(self, app=None, *args, locale_selector=None, **kwargs):
        _init(self, app, *args, **kwargs)
        if locale_selector is not None:
            self.localeselector(locale_selector)

    flask_babel.Babel.__init__ = _init_with_selector
