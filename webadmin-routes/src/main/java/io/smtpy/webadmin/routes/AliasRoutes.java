package io.smtpy.webadmin.routes;

import org.apache.james.webadmin.Routes;

import spark.Service;

public class AliasRoutes implements Routes {
    @Override
    public String getBasePath() {
        return "/smtpy/domains";
    }

    @Override
    public void define(Service service) {
    }
}
