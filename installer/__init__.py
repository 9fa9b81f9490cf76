"""The build and installer scripts (see README.md here); a package only so that the tests can
import them. Nothing in `practicedesk` imports from here."""
