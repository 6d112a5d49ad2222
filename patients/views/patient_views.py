from django.http import HttpResponse


def patient_list(request):
    return HttpResponse("todo")
