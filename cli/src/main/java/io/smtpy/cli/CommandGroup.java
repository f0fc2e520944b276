package io.smtpy.cli;

import java.util.List;

/** A group of commands, the first word on the command line ({@code accounts}, {@code keys}, {@code login}). */
public interface CommandGroup {
    String name();

    /** Its commands: one without a verb for a group that is a command on its own ({@code whoami}). */
    List<Command> commands();
}
