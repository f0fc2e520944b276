package io.smtpy.server;

/**
 * A setting of the embedded server (a flag, an environment variable, or a configuration file it has to edit) is
 * wrong. The message is one line meant for the operator: {@link SmtpyServerMain} prints it and exits with code 2.
 */
public class InvalidSettingsException extends Exception {
    public InvalidSettingsException(String message) {
        super(message);
    }

    public InvalidSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
