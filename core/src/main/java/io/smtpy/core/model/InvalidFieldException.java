package io.smtpy.core.model;

/** A value that breaks a rule of the model, with the name of the field it came in (as the API names it). */
public class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
