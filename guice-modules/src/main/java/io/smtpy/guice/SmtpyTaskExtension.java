package io.smtpy.guice;

import java.util.Set;

import org.apache.james.server.task.json.TaskExtensionModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;


/**
 * Registers the JSON form of smtpy's task details with James ({@code guice.extension.task} in
 * {@code extensions.properties}), so that {@code GET /tasks/{id}} shows an import's progress and report.
 *
 * <p>No task DTOs: with James's in-memory task manager (the embedded server and the memory image) tasks are
 * never serialised. The distributed task manager will need them; that comes with the distributed storage.
 */
public class SmtpyTaskExtension implements TaskExtensionModule {
    @Override
    public Set<TaskDTOModule<? extends Task, ? extends TaskDTO>> taskDTOModules() {
        return Set.of();
    }

    @Override
    public Set<AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>> taskAdditionalInformationDTOModules() {
        return Set.copyOf(io.smtpy.webadmin.tasks.SmtpyTaskDetails.modules());
    }
}
