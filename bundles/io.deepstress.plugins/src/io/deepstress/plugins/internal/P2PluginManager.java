package io.deepstress.plugins.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.engine.IEngine;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.IProvisioningPlan;
import org.eclipse.equinox.p2.engine.PhaseSetFactory;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.planner.IPlanner;
import org.eclipse.equinox.p2.planner.IProfileChangeRequest;
import org.eclipse.equinox.p2.query.IQueryResult;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.deepstress.plugins.Plugin;
import io.deepstress.plugins.PluginException;
import io.deepstress.plugins.PluginManager;

/**
 * Plug-ins through p2 in the running installation's own profile ({@code eclipse.p2.profile}, written when
 * the product was materialised): the planner resolves the features against what is installed plus the
 * given repository only, the engine downloads the bundles into the installation and the Eclipse touchpoint
 * adds them to {@code bundles.info}, so they start with the next launch. Installed plug-ins are marked with
 * a profile property, which is what tells them apart from the parts of DeepStress itself.
 */
@Component(service = PluginManager.class)
public final class P2PluginManager implements PluginManager {

	/** Profile property of the feature groups installed as plug-ins. */
	static final String PLUGIN = "io.deepstress.plugin";
	private static final String ROOT = "org.eclipse.equinox.p2.type.root";
	private static final String GROUP = ".feature.group";
	/** p2's garbage collector, by its agent service name: once created it listens for uninstall commits. */
	private static final String GARBAGE_COLLECTOR = "org.eclipse.equinox.internal.p2.garbagecollector.GarbageCollector";

	@Reference
	private IProvisioningAgentProvider agents;

	private IProvisioningAgent agent;

	@Deactivate
	synchronized void deactivate() {
		if (agent != null) {
			agent.stop();
			agent = null;
		}
	}

	@Override
	public synchronized List<Plugin> installed() throws PluginException {
		IProfile profile = profile();
		List<Plugin> found = new ArrayList<>();
		for (IInstallableUnit iu : profile.query(QueryUtil.createIUGroupQuery(), null)) {
			if ("true".equals(profile.getInstallableUnitProperty(iu, PLUGIN))) {
				found.add(plugin(iu, true));
			}
		}
		found.sort(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT)));
		return found;
	}

	@Override
	public synchronized List<Plugin> available(URI repository) throws PluginException {
		// listing needs no installation: without a profile (a development or test launch) nothing is installed
		IProfile profile = installation();
		boolean known = known(repository);
		try {
			List<Plugin> found = new ArrayList<>();
			for (IInstallableUnit iu : load(repository)
					.query(QueryUtil.createLatestQuery(QueryUtil.createIUGroupQuery()), null)) {
				boolean installed = profile != null
						&& !profile.query(QueryUtil.createIUQuery(iu.getId()), null).isEmpty();
				found.add(plugin(iu, installed));
			}
			found.sort(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT)));
			return found;
		} finally {
			forget(repository, known);
		}
	}

	@Override
	public synchronized List<Plugin> install(URI repository, Collection<String> ids) throws PluginException {
		if (ids.isEmpty()) {
			throw new PluginException("Say which plug-ins to install");
		}
		IProfile profile = profile();
		boolean known = known(repository);
		try {
			return install(profile, load(repository), repository, ids);
		} finally {
			forget(repository, known);
		}
	}

	private List<Plugin> install(IProfile profile, IMetadataRepository metadata, URI repository, Collection<String> ids)
			throws PluginException {
		List<IInstallableUnit> wanted = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (String id : new LinkedHashSet<>(ids)) {
			IQueryResult<IInstallableUnit> found = metadata
					.query(QueryUtil.createLatestQuery(QueryUtil.createIUQuery(groupId(id))), null);
			if (found.isEmpty()) {
				missing.add(id);
			} else {
				wanted.add(found.iterator().next());
			}
		}
		if (!missing.isEmpty()) {
			List<String> offered = new ArrayList<>();
			for (IInstallableUnit iu : metadata.query(QueryUtil.createIUGroupQuery(), null)) {
				offered.add(plainId(iu.getId()));
			}
			throw new PluginException("The repository " + repository + " has no plug-in " + String.join(", ", missing)
					+ (offered.isEmpty() ? "; it offers none" : "; it offers: " + String.join(", ", offered.stream().sorted().distinct().toList())));
		}
		IPlanner planner = service(IPlanner.class);
		IProfileChangeRequest request = planner.createChangeRequest(profile);
		request.addAll(wanted);
		for (IInstallableUnit iu : wanted) {
			request.setInstallableUnitProfileProperty(iu, ROOT, "true");
			request.setInstallableUnitProfileProperty(iu, PLUGIN, "true");
		}
		ProvisioningContext context = new ProvisioningContext(agent);
		context.setMetadataRepositories(repository);
		context.setArtifactRepositories(repository);
		perform(planner, request, context, "install " + String.join(", ", ids));
		return wanted.stream().map(iu -> plugin(iu, true)).toList();
	}

	@Override
	public synchronized List<Plugin> uninstall(Collection<String> ids) throws PluginException {
		if (ids.isEmpty()) {
			throw new PluginException("Say which plug-ins to uninstall");
		}
		IProfile profile = profile();
		List<IInstallableUnit> going = new ArrayList<>();
		for (String id : new LinkedHashSet<>(ids)) {
			IQueryResult<IInstallableUnit> found = profile.query(QueryUtil.createIUQuery(groupId(id)), null);
			if (found.isEmpty()) {
				throw new PluginException("No plug-in " + id + " is installed");
			}
			IInstallableUnit iu = found.iterator().next();
			if (!"true".equals(profile.getInstallableUnitProperty(iu, PLUGIN))) {
				throw new PluginException(id + " is part of DeepStress itself, not a plug-in: it cannot be uninstalled");
			}
			going.add(iu);
		}
		IPlanner planner = service(IPlanner.class);
		IProfileChangeRequest request = planner.createChangeRequest(profile);
		request.removeAll(going);
		// p2's collector deletes the jars no profile uses when an uninstall is committed; the running process
		// still uses the plug-in's own jar, so that one goes at a later uninstall
		agent.getService(GARBAGE_COLLECTOR);
		ProvisioningContext context = new ProvisioningContext(agent);
		// nothing to fetch: only what is installed takes part
		context.setMetadataRepositories(new URI[0]);
		context.setArtifactRepositories(new URI[0]);
		perform(planner, request, context, "uninstall " + String.join(", ", ids));
		return going.stream().map(iu -> plugin(iu, false)).toList();
	}

	private void perform(IPlanner planner, IProfileChangeRequest request, ProvisioningContext context, String what)
			throws PluginException {
		IProgressMonitor monitor = new NullProgressMonitor();
		IProvisioningPlan plan = planner.getProvisioningPlan(request, context, monitor);
		if (!plan.getStatus().isOK() && plan.getStatus().getSeverity() != IStatus.INFO) {
			throw new PluginException("Cannot " + what + ": " + explain(plan.getStatus()));
		}
		IStatus done = service(IEngine.class).perform(plan, PhaseSetFactory.createDefaultPhaseSet(), monitor);
		if (done.getSeverity() == IStatus.ERROR || done.getSeverity() == IStatus.CANCEL) {
			throw new PluginException("Could not " + what + ": " + explain(done), done.getException());
		}
	}

	/** The running installation's profile, or why plug-ins cannot be managed here. */
	private IProfile profile() throws PluginException {
		IProfile profile = installation();
		if (profile == null) {
			throw new PluginException("Plug-ins can only be managed in an installed DeepStress product (this one has no"
					+ " p2 profile: started from a development or test launch?)");
		}
		return profile;
	}

	/** The running installation's profile, or null if it has none. */
	private IProfile installation() throws PluginException {
		if (agent == null) {
			try {
				agent = agents.createAgent(null);
			} catch (ProvisionException e) {
				throw new PluginException("Plug-ins cannot be managed in this DeepStress: " + e.getMessage(), e);
			}
		}
		return service(IProfileRegistry.class).getProfile(IProfileRegistry.SELF);
	}

	private IMetadataRepository load(URI repository) throws PluginException {
		try {
			IMetadataRepository metadata = service(IMetadataRepositoryManager.class).loadRepository(repository,
					new NullProgressMonitor());
			service(IArtifactRepositoryManager.class).loadRepository(repository, new NullProgressMonitor());
			return metadata;
		} catch (ProvisionException | RuntimeException e) {
			throw new PluginException("Cannot read the p2 repository " + repository + ": " + e.getMessage(), e);
		}
	}

	private boolean known(URI repository) throws PluginException {
		return service(IMetadataRepositoryManager.class).contains(repository);
	}

	/** A repository used for one operation is not remembered among the installation's repositories. */
	private void forget(URI repository, boolean known) throws PluginException {
		if (!known) {
			service(IMetadataRepositoryManager.class).removeRepository(repository);
			service(IArtifactRepositoryManager.class).removeRepository(repository);
		}
	}

	private <T> T service(Class<T> type) throws PluginException {
		T service = agent.getService(type);
		if (service == null) {
			throw new PluginException("Plug-ins cannot be managed in this DeepStress: p2's " + type.getSimpleName()
					+ " is missing");
		}
		return service;
	}

	private static Plugin plugin(IInstallableUnit iu, boolean installed) {
		String locale = Locale.getDefault().toString();
		String name = iu.getProperty(IInstallableUnit.PROP_NAME, locale);
		String description = iu.getProperty(IInstallableUnit.PROP_DESCRIPTION, locale);
		return new Plugin(plainId(iu.getId()), iu.getVersion().toString(), name == null || name.isBlank() ? plainId(iu.getId()) : name,
				description == null ? "" : description.strip(), installed);
	}

	private static String groupId(String id) {
		return id.endsWith(GROUP) ? id : id + GROUP;
	}

	private static String plainId(String id) {
		return id.endsWith(GROUP) ? id.substring(0, id.length() - GROUP.length()) : id;
	}

	/** The messages of a status and its children, most specific first, without repeats. */
	static String explain(IStatus status) {
		Set<String> messages = new LinkedHashSet<>();
		collect(status, messages);
		return messages.isEmpty() ? "no reason given" : String.join("; ", messages);
	}

	private static void collect(IStatus status, Set<String> messages) {
		for (IStatus child : status.getChildren()) {
			collect(child, messages);
		}
		if (status.getChildren().length == 0 && status.getMessage() != null && !status.getMessage().isBlank()
				&& !status.isOK()) {
			messages.add(status.getMessage());
		}
	}
}
