package io.smtpy.webadmin.tasks;

import java.util.List;

import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.task.TaskExecutionDetails;

/**
 * The JSON modules of the details of every task smtpy's routes start: one list for James's task extension, the task
 * routes and the task records, so a new task type is added in one place.
 */
public final class SmtpyTaskDetails {
    private SmtpyTaskDetails() {
    }

    public static List<AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>> modules() {
        return List.of(AliasImportTaskDetailsDTO.module(), DkimRotationTaskDetailsDTO.module());
    }

    @SuppressWarnings("unchecked")
    public static AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>[] array() {
        return modules().toArray(new AdditionalInformationDTOModule[0]);
    }
}
