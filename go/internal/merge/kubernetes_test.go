package merge_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// kubernetesBase is deploy/kubernetes/base, the flow natsk6 merge ends.
const kubernetesBase = "../../../deploy/kubernetes/base"

// kustomization is the part of kustomize's schema the base uses; fields
// outside it fail the strict decode.
type kustomization struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Labels     []struct {
		Pairs            map[string]string `json:"pairs"`
		IncludeSelectors bool              `json:"includeSelectors"`
	} `json:"labels"`
	Resources          []string `json:"resources"`
	ConfigMapGenerator []struct {
		Name     string   `json:"name"`
		Files    []string `json:"files"`
		Literals []string `json:"literals"`
	} `json:"configMapGenerator"`
	Images []struct {
		Name    string `json:"name"`
		NewName string `json:"newName"`
		NewTag  string `json:"newTag"`
	} `json:"images"`
}

// decodeStrict converts YAML to JSON and decodes it into v, refusing
// fields v's type does not have: a misspelled field fails.
func decodeStrict(doc []byte, v any) error {
	j, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// decodeObject decodes one Kubernetes object into the k8s.io/api type of
// its apiVersion and kind.
func decodeObject(doc []byte) (any, error) {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return nil, err
	}
	var obj any
	switch meta.APIVersion + " " + meta.Kind {
	case "batch/v1 Job":
		obj = &batchv1.Job{}
	case "v1 PersistentVolumeClaim":
		obj = &corev1.PersistentVolumeClaim{}
	case "v1 ConfigMap":
		obj = &corev1.ConfigMap{}
	case "v1 Service":
		obj = &corev1.Service{}
	default:
		return nil, fmt.Errorf("no k8s.io/api type here for %s %s", meta.APIVersion, meta.Kind)
	}
	return obj, decodeStrict(doc, obj)
}

// documents splits a multi-document YAML stream.
func documents(b []byte) [][]byte {
	var docs [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(b), -1) {
		if strings.TrimSpace(d) != "" {
			docs = append(docs, []byte(d))
		}
	}
	return docs
}

// base reads the kustomization and decodes every resource it lists.
func base(t *testing.T) (kustomization, map[string]any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(kubernetesBase, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var k kustomization
	if err := decodeStrict(raw, &k); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	objects := map[string]any{}
	for _, r := range k.Resources {
		b, err := os.ReadFile(filepath.Join(kubernetesBase, r))
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range documents(b) {
			obj, err := decodeObject(doc)
			if err != nil {
				t.Fatalf("%s, document %d: %v", r, i+1, err)
			}
			objects[fmt.Sprintf("%s#%d", r, i)] = obj
		}
	}
	return k, objects
}

func TestKubernetesManifestsDecodeStrictly(t *testing.T) {
	k, _ := base(t)
	// Every manifest in the directory is a resource of the base.
	yamls, err := filepath.Glob(filepath.Join(kubernetesBase, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range yamls {
		if name := filepath.Base(y); name != "kustomization.yaml" && !slices.Contains(k.Resources, name) {
			t.Errorf("%s is not in kustomization.yaml's resources", name)
		}
	}
	// The decode is strict: a misspelled field fails it.
	job, err := os.ReadFile(filepath.Join(kubernetesBase, "instances-job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	typo := bytes.Replace(job, []byte("parallelism:"), []byte("paralelism:"), 1)
	if _, err := decodeObject(typo); err == nil || !strings.Contains(err.Error(), `unknown field "paralelism"`) {
		t.Fatalf("a misspelled field decoded: %v", err)
	}
}

func TestKubernetesFlowFitsTogether(t *testing.T) {
	k, objects := base(t)
	var instances, starter, merger *batchv1.Job
	var claim *corev1.PersistentVolumeClaim
	var service *corev1.Service
	for _, obj := range objects {
		switch o := obj.(type) {
		case *batchv1.Job:
			switch {
			case o.Spec.CompletionMode != nil && *o.Spec.CompletionMode == batchv1.IndexedCompletion:
				instances = o
			case o.Spec.Template.Spec.Containers[0].Args[0] == "resume":
				starter = o
			default:
				merger = o
			}
		case *corev1.PersistentVolumeClaim:
			claim = o
		case *corev1.Service:
			service = o
		}
	}
	if instances == nil || starter == nil || merger == nil || claim == nil || service == nil {
		t.Fatalf("want an Indexed Job, a starter Job, a merge Job, a claim for results and a Service; got %v", objects)
	}
	settings := map[string]string{}
	generated := map[string][]string{}
	for _, g := range k.ConfigMapGenerator {
		generated[g.Name] = g.Files
		for _, l := range g.Literals {
			key, value, _ := strings.Cut(l, "=")
			settings[key] = value
		}
		for _, f := range g.Files {
			if _, err := os.Stat(filepath.Join(kubernetesBase, f)); err != nil {
				t.Errorf("configMapGenerator %s: %v", g.Name, err)
			}
		}
	}
	n, err := strconv.Atoi(settings["INSTANCES"])
	if err != nil {
		t.Fatalf("INSTANCES: %v", err)
	}
	spec := instances.Spec
	if spec.Parallelism == nil || spec.Completions == nil || int(*spec.Parallelism) != n || int(*spec.Completions) != n {
		t.Fatalf("the Indexed Job runs %v of %v pods at once, INSTANCES is %d: all instances start together", spec.Parallelism, spec.Completions, n)
	}
	for _, j := range []*batchv1.Job{instances, starter, merger} {
		if j.Spec.BackoffLimit == nil || *j.Spec.BackoffLimit != 0 {
			t.Errorf("job %s retries: a retried instance runs its share twice, a retried merge hides the verdict", j.Name)
		}
		if j.Spec.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
			t.Errorf("job %s restarts its pods", j.Name)
		}
		if j != starter && !mountsClaim(j.Spec.Template.Spec, claim.Name, "/results") {
			t.Errorf("job %s does not mount claim %s at /results", j.Name, claim.Name)
		}
	}
	// Each instance writes /results/instance-<index>.json; the merge
	// waits for and reads exactly those N files.
	run := instances.Spec.Template.Spec.Containers[0]
	if !slices.Contains(run.Args, "result=/results/instance-$(JOB_COMPLETION_INDEX).json") || !slices.Contains(run.Args, "--no-thresholds") {
		t.Fatalf("instance args %q: want --no-thresholds and --out result=/results/instance-$(JOB_COMPLETION_INDEX).json", run.Args)
	}
	if len(run.EnvFrom) != 1 || run.EnvFrom[0].ConfigMapRef == nil || run.EnvFrom[0].ConfigMapRef.Name != "natsk6-settings" {
		t.Fatalf("instances take their environment from %v, want the natsk6-settings ConfigMap", run.EnvFrom)
	}
	script := filepath.Join("/scripts", "test.ts")
	if run.Args[len(run.Args)-1] != script || !slices.Contains(generated["natsk6-script"], "test.ts") ||
		!mountsConfigMap(instances.Spec.Template.Spec, "natsk6-script", "/scripts") {
		t.Fatalf("instances run %s: want %s from the natsk6-script ConfigMap", run.Args[len(run.Args)-1], script)
	}
	// The start barrier: every instance starts paused with its REST API
	// on the Service's port, and the starter resumes each one by the DNS
	// name the Indexed Job's hostname and subdomain give it.
	if !slices.Contains(run.Args, "--paused") || !slices.Contains(run.Args, "0.0.0.0:6565") {
		t.Fatalf("instance args %q: want --paused --address 0.0.0.0:6565", run.Args)
	}
	pod := instances.Spec.Template.Spec
	if pod.Subdomain != service.Name || service.Spec.ClusterIP != corev1.ClusterIPNone ||
		service.Spec.Selector["batch.kubernetes.io/job-name"] != instances.Name || service.Spec.Ports[0].Port != 6565 {
		t.Fatalf("pods of subdomain %q behind service %s %+v: want a headless service of the instances' job on 6565", pod.Subdomain, service.Name, service.Spec)
	}
	if len(run.Ports) != 1 || run.Ports[0].ContainerPort != 6565 || service.Spec.Ports[0].TargetPort.String() != run.Ports[0].Name {
		t.Fatalf("instance ports %+v do not match the service's target port %v", run.Ports, service.Spec.Ports[0].TargetPort)
	}
	var resumeArgs []string
	for i := range n {
		resumeArgs = append(resumeArgs, "--address", fmt.Sprintf("%s-%d.%s:6565", instances.Name, i, service.Name))
	}
	if sa := starter.Spec.Template.Spec.Containers[0].Args; !slices.Contains(sa, "--wait") || !slices.Equal(sa[len(sa)-2*n:], resumeArgs) {
		t.Fatalf("starter args %q: want resume --wait ... %s", sa, strings.Join(resumeArgs, " "))
	}

	args := merger.Spec.Template.Spec.Containers[0].Args
	var files []string
	for i := range n {
		files = append(files, fmt.Sprintf("/results/instance-%d.json", i))
	}
	if args[0] != "merge" || !slices.Contains(args, "--wait") || !slices.Equal(args[len(args)-n:], files) {
		t.Fatalf("merge args %q: want merge --wait ... %s", args, strings.Join(files, " "))
	}
}

func mountsClaim(pod corev1.PodSpec, claim, path string) bool {
	return mounts(pod, path, func(v corev1.Volume) bool {
		return v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == claim
	})
}

func mountsConfigMap(pod corev1.PodSpec, name, path string) bool {
	return mounts(pod, path, func(v corev1.Volume) bool { return v.ConfigMap != nil && v.ConfigMap.Name == name })
}

// mounts reports whether pod's first container mounts at path a volume
// that is.
func mounts(pod corev1.PodSpec, path string, is func(corev1.Volume) bool) bool {
	for _, m := range pod.Containers[0].VolumeMounts {
		for _, v := range pod.Volumes {
			if m.MountPath == path && m.Name == v.Name && is(v) {
				return true
			}
		}
	}
	return false
}

// TestKubernetesBaseRendersStrictly renders the base as kubectl apply -k
// would, when kubectl (with its built-in kustomize) is installed, and
// decodes the result strictly.
func TestKubernetesBaseRendersStrictly(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not installed: the files themselves are decoded by the other tests")
	}
	out, err := exec.Command(kubectl, "kustomize", kubernetesBase).Output()
	if err != nil {
		t.Fatalf("kubectl kustomize: %v", err)
	}
	kinds := map[string]int{}
	for i, doc := range documents(out) {
		obj, err := decodeObject(doc)
		if err != nil {
			t.Fatalf("rendered document %d: %v\n%s", i+1, err, doc)
		}
		kinds[fmt.Sprintf("%T", obj)]++
	}
	want := map[string]int{"*v1.ConfigMap": 2, "*v1.Job": 3, "*v1.PersistentVolumeClaim": 1, "*v1.Service": 1}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Fatalf("rendered %v, want %v", kinds, want)
	}
}
