// Entry of the static site: the shell element, nothing else.
import './components/formcast-app/formcast-app';
